package com.example.platform.order.user;

import java.time.Clock;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UserServiceProperties.class)
class UserServiceClientConfiguration {

	// Declaring any RestClient.Builder makes Boot's own back off, and Eureka's registry
	// client takes whichever builder the context offers: without this plain primary one
	// it
	// would get the load-balanced builder, resolve "localhost" as a service id and never
	// register (spring-cloud-netflix#4380).
	@Bean
	@Primary
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	RestClient.Builder plainRestClientBuilder(RestClientBuilderConfigurer configurer) {
		return configurer.configure(RestClient.builder());
	}

	// Boot's message converters and customizers, plus Spring Cloud's load-balancing
	// interceptor, which resolves http://user-service through discovery.
	@Bean
	@LoadBalanced
	RestClient.Builder loadBalancedRestClientBuilder(RestClientBuilderConfigurer configurer) {
		return configurer.configure(RestClient.builder());
	}

	@Bean
	UserDirectory userDirectory(@LoadBalanced RestClient.Builder builder, UserServiceProperties properties) {
		ClientHttpRequestFactory requestFactory = requestFactory(properties);
		RestClient tokenEndpoint = builder.clone().baseUrl(properties.baseUrl()).requestFactory(requestFactory).build();
		ServiceTokens tokens = new ServiceTokens(tokenEndpoint, properties.clientId(), properties.clientSecret(),
				properties.tokenRefreshMargin(), Clock.systemUTC());
		// Added after the load balancer's interceptor, so a retry after a 401 goes to the
		// instance that was chosen for the first attempt.
		RestClient client = builder.clone()
			.baseUrl(properties.baseUrl())
			.requestFactory(requestFactory)
			.requestInterceptor(new ServiceTokenInterceptor(tokens))
			.build();
		return new UserDirectory(client, properties.retryAfter());
	}

	private static ClientHttpRequestFactory requestFactory(UserServiceProperties properties) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(properties.connectTimeout(), properties.readTimeout());
		return ClientHttpRequestFactoryBuilder.httpComponents()
			// Apache HttpClient would otherwise silently retry a 503, honouring its
			// Retry-After: retries are for the resilience layer to decide, visibly.
			.withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries)
			.build(settings);
	}

}
