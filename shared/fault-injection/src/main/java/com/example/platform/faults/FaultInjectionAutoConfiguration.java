package com.example.platform.faults;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Runtime fault injection, present only with {@code platform.faults.enabled=true} (the
 * {@code faults} profile): without it neither the filter nor the admin endpoints exist.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty("platform.faults.enabled")
@EnableConfigurationProperties(FaultProperties.class)
public class FaultInjectionAutoConfiguration {

	/**
	 * After Spring Security's filter chain (order -100), so unauthenticated requests are
	 * refused as usual, and before idempotency-support's filter (-90), so an injected
	 * error never takes an idempotency key.
	 */
	static final int FILTER_ORDER = -95;

	private static final Logger log = LoggerFactory.getLogger(FaultInjectionAutoConfiguration.class);

	@Bean
	FaultInjector faultInjector(FaultProperties properties, ObjectProvider<MeterRegistry> meters) {
		log.warn("Fault injection is enabled: /api/admin/faults can slow down or fail this instance's requests");
		// Thread-safe without contention: every request thread draws from its own
		// generator.
		RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
		return new FaultInjector(properties, meters.getIfAvailable(SimpleMeterRegistry::new), random);
	}

	// A runner: Boot reports the application ready only once every runner has returned.
	@Bean
	ApplicationRunner warmUpFault(FaultProperties properties) {
		return (arguments) -> {
			if (properties.warmUp().isPositive()) {
				log.warn("Holding the start for {} before reporting ready (platform.faults.warm-up)",
						properties.warmUp());
				Thread.sleep(properties.warmUp());
			}
		};
	}

	@Bean
	FaultController faultController(FaultInjector injector) {
		return new FaultController(injector);
	}

	@Bean
	FilterRegistrationBean<FaultInjectionFilter> faultInjectionFilter(FaultInjector injector,
			@Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
		FilterRegistrationBean<FaultInjectionFilter> registration = new FilterRegistrationBean<>(
				new FaultInjectionFilter(injector, actuatorBasePath));
		registration.setOrder(FILTER_ORDER);
		return registration;
	}

}
