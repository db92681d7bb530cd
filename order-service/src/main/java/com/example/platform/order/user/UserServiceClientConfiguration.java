package com.example.platform.order.user;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UserServiceProperties.class)
class UserServiceClientConfiguration {

	// Boot's message converters and customizers, plus Spring Cloud's load-balancing
	// interceptor, which resolves http://user-service through discovery.
	@Bean
	@LoadBalanced
	RestClient.Builder loadBalancedRestClientBuilder(RestClientBuilderConfigurer configurer) {
		return configurer.configure(RestClient.builder());
	}

	@Bean
	UserDirectory userDirectory(@LoadBalanced RestClient.Builder builder, UserServiceProperties properties) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(properties.connectTimeout(), properties.readTimeout());
		RestClient client = builder.clone()
			.baseUrl(properties.baseUrl())
			.requestFactory(ClientHttpRequestFactoryBuilder.detect().build(settings))
			.build();
		return new UserDirectory(client, properties.retryAfter());
	}

}
