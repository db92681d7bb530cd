package com.example.platform.shutdown;

import com.netflix.appinfo.ApplicationInfoManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps an instance in callers' discovery only while it is ready: with Eureka it joins as
 * {@code UP} only once the application accepts traffic ({@link UpWhenReady}), and on
 * shutdown it deregisters and waits before the web server's graceful shutdown begins
 * ({@link DeregisterFirstLifecycle}; works for servlet and reactive servers alike, as it
 * only orders itself against Boot's {@code WebServerGracefulShutdownLifecycle}). Pair
 * with {@code server.shutdown=graceful} and
 * {@code spring.lifecycle.timeout-per-shutdown-phase} (the drain limit), which
 * {@link ShutdownDefaultsEnvironmentPostProcessor} sets.
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ApplicationInfoManager.class)
	static class EurekaStatusConfiguration {

		@Bean
		UpWhenReady upWhenReady(ObjectProvider<ApplicationInfoManager> instance) {
			return new UpWhenReady(instance);
		}

	}

}
