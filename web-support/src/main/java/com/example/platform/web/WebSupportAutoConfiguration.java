package com.example.platform.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Problem+json for errors that never reach a controller, the {@code X-Served-By} header,
 * the request body size limit and the refusal of wildcard content types.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableConfigurationProperties(PlatformWebProperties.class)
public class WebSupportAutoConfiguration {

	@Bean
	ProblemErrorController problemErrorController() {
		return new ProblemErrorController();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "platform.web.served-by-header", matchIfMissing = true)
	FilterRegistrationBean<ServedByFilter> servedByFilter(@Value("${spring.application.name}") String applicationName) {
		FilterRegistrationBean<ServedByFilter> registration = new FilterRegistrationBean<>(
				new ServedByFilter(applicationName));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	// Before the security filters: an oversized body is refused before anything reads it.
	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(PlatformWebProperties properties) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(properties.maxRequestSize()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	// Before the security filters too: a body of no type is refused whoever sends it.
	@Bean
	FilterRegistrationBean<ContentTypeFilter> contentTypeFilter() {
		FilterRegistrationBean<ContentTypeFilter> registration = new FilterRegistrationBean<>(new ContentTypeFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

}
