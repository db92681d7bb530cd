package com.example.platform.gateway.resilience;

import com.example.platform.tls.PlatformTls;
import com.example.platform.tls.SecureInstanceListSupplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Each service's load-balancer context (hence no {@code @Configuration}: it must not be
 * picked up by component scanning): the usual discovery-backed, cached instance list,
 * with mutual TLS on only the instances registered for TLS
 * ({@link SecureInstanceListSupplier}), without the instances {@link InstanceEjections}
 * left out nor, for a retry, those the request already tried.
 */
class EjectionLoadBalancerConfiguration {

	@Bean
	ServiceInstanceListSupplier availableInstanceSupplier(ConfigurableApplicationContext context,
			InstanceEjections ejections, ObjectProvider<PlatformTls> tls) {
		ServiceInstanceListSupplier discovered = ServiceInstanceListSupplier.builder()
			.withDiscoveryClient()
			.withCaching()
			.build(context);
		if (tls.getIfAvailable() != null) {
			discovered = new SecureInstanceListSupplier(discovered);
		}
		return new AvailableInstanceListSupplier(discovered, ejections);
	}

}
