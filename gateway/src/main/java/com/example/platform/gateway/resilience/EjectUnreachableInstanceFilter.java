package com.example.platform.gateway.resilience;

import java.net.ConnectException;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Ejects the chosen instance when connecting to it fails (refused or timed out): it is
 * gone or unreachable, unlike an instance that answered an error. Runs right after the
 * load balancer chose the instance, so every attempt of a retried request is seen.
 */
@Component
class EjectUnreachableInstanceFilter implements GlobalFilter, Ordered {

	private final InstanceEjections ejections;

	EjectUnreachableInstanceFilter(InstanceEjections ejections) {
		this.ejections = ejections;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return chain.filter(exchange).doOnError((ex) -> {
			Response<ServiceInstance> chosen = exchange
				.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
			if (isConnectFailure(ex) && chosen != null && chosen.hasServer()) {
				this.ejections.eject(chosen.getServer());
			}
		});
	}

	@Override
	public int getOrder() {
		return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
	}

	private static boolean isConnectFailure(Throwable ex) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof ConnectException) {
				return true;
			}
		}
		return false;
	}

}
