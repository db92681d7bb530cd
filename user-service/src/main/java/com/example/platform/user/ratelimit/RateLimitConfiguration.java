package com.example.platform.user.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

	// Before the idempotency and security filters: a refused request costs one Redis
	// call and nothing else.
	@Bean
	FilterRegistrationBean<AddressRateLimitFilter> addressRateLimitFilter(StringRedisTemplate redis,
			ClientAddresses addresses, RateLimitProperties properties, MeterRegistry meters) {
		FilterRegistrationBean<AddressRateLimitFilter> registration = new FilterRegistrationBean<>(
				new AddressRateLimitFilter(redis, addresses, properties, meters));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
