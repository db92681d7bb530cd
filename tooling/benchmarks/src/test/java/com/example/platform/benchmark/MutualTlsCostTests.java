package com.example.platform.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MutualTlsCostTests {

	@Test
	void addsTheGatewaysPooledConnectionsOverEveryUpstream() {
		String page = """
				# HELP reactor_netty_connection_provider_total_connections The number of all connections
				# TYPE reactor_netty_connection_provider_total_connections gauge
				reactor_netty_connection_provider_total_connections{id="1",name="proxy",remote_address="localhost:8081"} 16.0
				reactor_netty_connection_provider_total_connections{id="2",name="proxy",remote_address="localhost:8082"} 15.0
				reactor_netty_connection_provider_active_connections{id="1",name="proxy",remote_address="localhost:8081"} 3.0
				""";

		assertThat(MutualTlsCost.pooledConnections(page)).isEqualTo(31);
		assertThat(MutualTlsCost.pooledConnections("# no pool yet\n")).isZero();
	}

	@Test
	void statesTheThroughputWithMutualTlsAsAShareOfTheOneWithout() {
		assertThat(MutualTlsCost.share(4000, 3600))
			.isEqualTo("Mutual TLS behind the gateway: cached-GET throughput 3600 req/s against 4000 without, 90 %");
	}

	@Test
	void reportsBothPlatformsUnderOneScenario() {
		assertThat(MutualTlsCost.scenario(BenchmarkSettings.parse(java.nio.file.Path.of("/repo"), "--connections=16")))
			.isEqualTo("GET user (cache hit) through the gateway, 16 connections");
	}

}
