package com.example.platform.benchmark;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentTests {

	@Test
	void reportsEpollWhenTheGatewayCarriesItsNativeTransport() {
		assertThat(Environment.transport(true, List.of("-Xmx384m"))).contains("epoll");
	}

	@Test
	void reportsNioWhenTheNativeTransportIsTurnedOffWhateverTheJarCarries() {
		assertThat(Environment.transport(true, List.of("-Xmx384m", Environment.NO_NATIVE)))
			.startsWith("Reactor Netty, NIO")
			.doesNotContain("epoll");
	}

	@Test
	void reportsNioWithoutTheNativeTransportInTheJar() {
		assertThat(Environment.transport(false, List.of())).isEqualTo("Reactor Netty, NIO");
	}

}
