package com.example.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The platform's one problem handler for every service, so no service keeps a copy of it.
 * Also part of {@code @WebMvcTest} slices, so controller tests see the answers the
 * running service gives.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.SERVLET)
public class ProblemHandlingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	PlatformExceptionHandler platformExceptionHandler() {
		return new PlatformExceptionHandler();
	}

}
