package com.example.platform.gateway.config;

import com.example.platform.gateway.error.MalformedRequestProblems;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the gateway's HTTP server treats clients: Reactor Netty waits for a request without
 * a limit by default, and answers a request it cannot parse with an empty 400.
 */
@Configuration(proxyBeanMethods = false)
class ClientTimeoutConfiguration {

	@Bean
	NettyServerCustomizer clientTimeouts(ClientTimeoutProperties timeouts) {
		return (server) -> server.idleTimeout(timeouts.idle())
			.readTimeout(timeouts.read())
			.requestTimeout(timeouts.request());
	}

	@Bean
	NettyServerCustomizer malformedRequestProblems() {
		return (server) -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
			// HTTP/1.1 connections only: that is where the codec (and smuggling) lives.
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline()
					.addAfter(NettyPipeline.HttpCodec, MalformedRequestProblems.NAME, new MalformedRequestProblems());
			}
		});
	}

}
