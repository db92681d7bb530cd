package com.example.platform.shutdown;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Deregisters an instance from discovery and waits before the web server's graceful
 * shutdown begins; works for servlet and reactive servers alike, as it only orders itself
 * against Boot's {@code WebServerGracefulShutdownLifecycle}. Pair with
 * {@code server.shutdown=graceful} and
 * {@code spring.lifecycle.timeout-per-shutdown-phase} (the drain limit).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "platform.shutdown.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GracefulShutdownProperties.class)
public class GracefulShutdownAutoConfiguration {

	@Bean
	@SuppressWarnings({ "rawtypes", "unchecked" })
	DeregisterFirstLifecycle deregisterFirstLifecycle(GracefulShutdownProperties properties,
			ObjectProvider<ServiceRegistry> registry, ObjectProvider<Registration> registration,
			ApplicationEventPublisher events) {
		// Absent when discovery is off (tests, a lone instance).
		return new DeregisterFirstLifecycle(registry.getIfUnique(), registration.getIfUnique(), events,
				properties.deregistrationDelay());
	}

}
