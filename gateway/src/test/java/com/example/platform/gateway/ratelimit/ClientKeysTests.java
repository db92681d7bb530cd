package com.example.platform.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.security.Principal;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class ClientKeysTests {

	private static final InetSocketAddress PEER = new InetSocketAddress("203.0.113.9", 40000);

	@Test
	void keysOnThePeerAddressAndIgnoresAForgedForwardedForByDefault() {
		ServerWebExchange exchange = exchange("198.51.100.1, 198.51.100.2");
		assertThat(ClientKeys.clientIp(0).resolve(exchange).block()).isEqualTo("ip:203.0.113.9");
	}

	@Test
	void trustsOnlyTheEntriesTheConfiguredProxiesAppended() {
		// The client forged the first entry; the one trusted proxy appended the second.
		ServerWebExchange exchange = exchange("198.51.100.1, 198.51.100.2");
		assertThat(ClientKeys.clientIp(1).resolve(exchange).block()).isEqualTo("ip:198.51.100.2");
	}

	@Test
	void keysAuthenticatedRequestsOnTheTokenSubject() {
		Principal user = () -> "5f0c6f5e-1111-4222-8333-944455556666";
		ServerWebExchange exchange = exchange(null).mutate().principal(Mono.just(user)).build();
		assertThat(ClientKeys.userOrClientIp(0).resolve(exchange).block())
			.isEqualTo("user:5f0c6f5e-1111-4222-8333-944455556666");
	}

	@Test
	void keysAnonymousRequestsOnTheClientAddress() {
		assertThat(ClientKeys.userOrClientIp(0).resolve(exchange(null)).block()).isEqualTo("ip:203.0.113.9");
	}

	private static MockServerWebExchange exchange(String forwardedFor) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/orders").remoteAddress(PEER);
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return MockServerWebExchange.from(request);
	}

}
