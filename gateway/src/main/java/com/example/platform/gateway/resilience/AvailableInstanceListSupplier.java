package com.example.platform.gateway.resilience;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * The instances worth choosing: without those {@link InstanceEjections} left out and,
 * when the load balancer chooses for a retried attempt, without those the request already
 * tried ({@link TriedInstances}). Ejections are applied first, so a request that tried
 * every instance still available retries among them rather than on an ejected one. Spring
 * Cloud LoadBalancer's {@code RetryAwareServiceInstanceListSupplier} does not fit: it
 * only reads a {@code RetryableRequestContext}, which the gateway never sends, and knows
 * only the one previous instance.
 */
class AvailableInstanceListSupplier extends DelegatingServiceInstanceListSupplier {

	private final InstanceEjections ejections;

	AvailableInstanceListSupplier(ServiceInstanceListSupplier delegate, InstanceEjections ejections) {
		super(delegate);
		this.ejections = ejections;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return getDelegate().get().map(this.ejections::available);
	}

	// What the load balancer calls for each choice; raw, as the interface declares it.
	@Override
	@SuppressWarnings("rawtypes")
	public Flux<List<ServiceInstance>> get(Request request) {
		return getDelegate().get(request)
			.map(this.ejections::available)
			.map((instances) -> TriedInstances.untried(instances, request));
	}

}
