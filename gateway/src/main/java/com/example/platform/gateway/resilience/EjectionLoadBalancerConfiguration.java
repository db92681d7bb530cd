package com.example.platform.gateway.resilience;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Each service's load-balancer context (hence no {@code @Configuration}: it must not be
 * picked up by component scanning): the usual discovery-backed, cached instance list,
 * without the instances {@link InstanceEjections} left out nor, for a retry, those the
 * request already tried.
 */
class EjectionLoadBalancerConfiguration {

	@Bean
	ServiceInstanceListSupplier availableInstanceSupplier(ConfigurableApplicationContext context,
			InstanceEjections ejections) {
		ServiceInstanceListSupplier discovered = ServiceInstanceListSupplier.builder()
			.withDiscoveryClient()
			.withCaching()
			.build(context);
		return new AvailableInstanceListSupplier(discovered, ejections);
	}

}
