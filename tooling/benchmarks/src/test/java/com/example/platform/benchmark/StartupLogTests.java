package com.example.platform.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupLogTests {

	@Test
	void readsTheProcessUptimeSpringBootLogsWhenReady() {
		assertThat(StartupLog.processSeconds("""
				12:00:01 INFO  Starting GatewayApplication
				12:00:05 INFO  Started GatewayApplication in 3.912 seconds (process running for 4.481)
				""")).hasValue(4.481);
	}

	@Test
	void readsTheLatestStartOfARestartedApplication() {
		assertThat(StartupLog.processSeconds("""
				12:00:05 INFO  Started UserServiceApplication in 30.2 seconds (process running for 31.5)
				12:09:00 INFO  Started UserServiceApplication in 4.1 seconds (process running for 4.6)
				""")).hasValue(4.6);
	}

	@Test
	void isEmptyBeforeTheApplicationIsReady() {
		assertThat(StartupLog.processSeconds("Starting GatewayApplication")).isEmpty();
	}

}
