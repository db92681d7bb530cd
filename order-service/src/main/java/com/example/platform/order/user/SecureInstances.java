package com.example.platform.order.user;

import com.example.platform.tls.PlatformTls;
import com.example.platform.tls.SecureInstanceListSupplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * user-service's load-balancer context (hence no {@code @Configuration}: it must not be
 * picked up by component scanning): Spring Cloud's default, blocking discovery and a
 * cached list, plus, with mutual TLS on, only the instances registered for TLS.
 */
class SecureInstances {

	@Bean
	ServiceInstanceListSupplier secureInstanceSupplier(ConfigurableApplicationContext context,
			ObjectProvider<PlatformTls> tls) {
		ServiceInstanceListSupplier discovered = ServiceInstanceListSupplier.builder()
			.withBlockingDiscoveryClient()
			.withCaching()
			.build(context);
		return (tls.getIfAvailable() != null) ? new SecureInstanceListSupplier(discovered) : discovered;
	}

}
