package com.example.platform.gateway.ratelimit;

import java.net.InetSocketAddress;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;

/**
 * Whose bucket a request draws from.
 */
final class ClientKeys {

	private ClientKeys() {
	}

	/**
	 * The client's IP address: the TCP peer, or with {@code trustedProxies} > 0 the
	 * address that many trusted proxies recorded in {@code X-Forwarded-For}; entries a
	 * client wrote itself further left are ignored.
	 * @param trustedProxies proxies in front of the gateway
	 * @return the resolver
	 */
	static KeyResolver clientIp(int trustedProxies) {
		RemoteAddressResolver addresses = (trustedProxies > 0)
				? XForwardedRemoteAddressResolver.maxTrustedIndex(trustedProxies) : new RemoteAddressResolver() {
				};
		return (exchange) -> Mono.justOrEmpty(addresses.resolve(exchange))
			.map(InetSocketAddress::getHostString)
			.map((address) -> "ip:" + address);
	}

	/**
	 * The token's subject for authenticated requests, the client's IP otherwise.
	 * @param trustedProxies proxies in front of the gateway
	 * @return the resolver
	 */
	static KeyResolver userOrClientIp(int trustedProxies) {
		KeyResolver clientIp = clientIp(trustedProxies);
		return (exchange) -> exchange.getPrincipal()
			.map((principal) -> "user:" + principal.getName())
			.switchIfEmpty(Mono.defer(() -> clientIp.resolve(exchange)));
	}

}
