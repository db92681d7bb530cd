package com.example.platform.tls;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Only the instances registered as reachable over TLS. The load balancer calls an
 * instance with the scheme it registered, whatever scheme the caller's URL has: without
 * this, an instance registered with a plain port (a stale one, or an impostor with the
 * registry's password) would be sent requests, bearer tokens included, in plain text. An
 * instance left in must then prove in the handshake that the platform CA certified it for
 * the host it registered.
 */
public class SecureInstanceListSupplier extends DelegatingServiceInstanceListSupplier {

	public SecureInstanceListSupplier(ServiceInstanceListSupplier delegate) {
		super(delegate);
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return getDelegate().get().map(SecureInstanceListSupplier::secure);
	}

	// What the load balancer calls for each choice; raw, as the interface declares it.
	@Override
	@SuppressWarnings("rawtypes")
	public Flux<List<ServiceInstance>> get(Request request) {
		return getDelegate().get(request).map(SecureInstanceListSupplier::secure);
	}

	static List<ServiceInstance> secure(List<ServiceInstance> instances) {
		return instances.stream().filter(ServiceInstance::isSecure).toList();
	}

}
