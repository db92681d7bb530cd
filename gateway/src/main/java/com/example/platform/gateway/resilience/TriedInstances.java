package com.example.platform.gateway.resilience;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The instances a request's attempts were sent to, kept in an exchange attribute so that
 * its retries go elsewhere. Round robin alone does not ensure that: its position is
 * shared by all requests, so under concurrent load every attempt of one request can land
 * on the same failing instance. A request is only retried after an attempt failed, so to
 * its retries every instance recorded here is one that failed it.
 */
final class TriedInstances {

	private static final String ATTRIBUTE = TriedInstances.class.getName();

	// By address, as InstanceEjections: attempts may pick from different refreshes of
	// the instance list, and it is the host and port that failed.
	private final Set<String> addresses = ConcurrentHashMap.newKeySet();

	private TriedInstances() {
	}

	static void record(ServerWebExchange exchange, ServiceInstance instance) {
		TriedInstances tried = (TriedInstances) exchange.getAttributes()
			.computeIfAbsent(ATTRIBUTE, (name) -> new TriedInstances());
		tried.addresses.add(address(instance));
	}

	/**
	 * The instances the request has not tried yet; all of them once it has tried every
	 * one, so its remaining retries are still made, as round robin alone would make them.
	 * @param instances the instances to choose from
	 * @param request the load balancer's request, carrying the exchange's attributes
	 * @return those left to choose from
	 */
	static List<ServiceInstance> untried(List<ServiceInstance> instances, Request<?> request) {
		Set<String> tried = addressesTried(request);
		List<ServiceInstance> untried = instances.stream()
			.filter((instance) -> !tried.contains(address(instance)))
			.toList();
		return untried.isEmpty() ? instances : untried;
	}

	// The gateway's ReactiveLoadBalancerClientFilter hands the exchange's attributes to
	// every choice it asks for; other callers of the load balancer carry none of ours.
	private static Set<String> addressesTried(Request<?> request) {
		if (request != null && request.getContext() instanceof RequestDataContext context) {
			RequestData data = context.getClientRequest();
			if (data != null && data.getAttributes() != null
					&& data.getAttributes().get(ATTRIBUTE) instanceof TriedInstances tried) {
				return tried.addresses;
			}
		}
		return Set.of();
	}

	private static String address(ServiceInstance instance) {
		return instance.getHost() + ":" + instance.getPort();
	}

}
