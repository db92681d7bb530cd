package com.example.platform.gateway.inspector;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

// Off (platform.diagnostic-headers.enabled=false) in the production overlay.
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "platform.diagnostic-headers.enabled", matchIfMissing = true)
class DiagnosticHeadersConfiguration {

	@Bean
	DiagnosticHeadersFilter diagnosticHeadersFilter(DiagnosticHeadersProperties properties) {
		return new DiagnosticHeadersFilter(properties);
	}

	@Bean
	DiagnosticHeadersFilter.AttemptCounter diagnosticAttemptCounter() {
		return new DiagnosticHeadersFilter.AttemptCounter();
	}

}
