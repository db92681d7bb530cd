package com.example.platform.gateway.config;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reactor Netty waits for a client's request without a limit by default.
 */
@Configuration(proxyBeanMethods = false)
class ClientTimeoutConfiguration {

	@Bean
	NettyServerCustomizer clientTimeouts(ClientTimeoutProperties timeouts) {
		return (server) -> server.idleTimeout(timeouts.idle())
			.readTimeout(timeouts.read())
			.requestTimeout(timeouts.request());
	}

}
