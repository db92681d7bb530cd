package com.example.platform.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoadResultTests {

	@Test
	void readsTheScriptsResultLineAmongWrksOwnOutput() {
		LoadResult result = LoadResult
			.parse("""
					Running 10s test @ http://127.0.0.1:8080
					  1 threads and 32 connections
					RESULT requests=25000 duration_us=10000000 socket_errors=1 status_errors=2 p50_us=1200 p90_us=2500 p99_us=8100 max_us=30000
					""");

		assertThat(result.throughput()).isEqualTo(2500.0);
		assertThat(result.p50Millis()).isEqualTo(1.2);
		assertThat(result.p99Millis()).isEqualTo(8.1);
		assertThat(result.clean()).isFalse();
	}

	@Test
	void refusesOutputWithoutAResult() {
		assertThatIllegalArgumentException().isThrownBy(() -> LoadResult.parse("unable to connect"))
			.withMessageContaining("unable to connect");
	}

}
