package com.example.platform.gateway.resilience;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Each service's load-balancer context (hence no {@code @Configuration}: it must not be
 * picked up by component scanning): the usual discovery-backed, cached instance list,
 * without the instances {@link InstanceEjections} left out.
 */
class EjectionLoadBalancerConfiguration {

	@Bean
	ServiceInstanceListSupplier ejectionAwareInstanceSupplier(ConfigurableApplicationContext context,
			InstanceEjections ejections) {
		ServiceInstanceListSupplier discovered = ServiceInstanceListSupplier.builder()
			.withDiscoveryClient()
			.withCaching()
			.build(context);
		return new DelegatingServiceInstanceListSupplier(discovered) {

			@Override
			public Flux<List<ServiceInstance>> get() {
				return getDelegate().get().map(ejections::available);
			}

		};
	}

}
