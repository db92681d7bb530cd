package com.example.platform.gateway.console;

import java.util.List;
import java.util.Map;

import com.example.platform.gateway.console.PrometheusText.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTests {

	@Test
	void readsNamesLabelsAndValuesAndSkipsComments() {
		List<Sample> samples = PrometheusText.parse("""
				# HELP cache_gets_total The number of times cache lookup methods have returned a cached value.
				# TYPE cache_gets_total counter
				cache_gets_total{application="user-service",cache="users",result="hit"} 42.0
				process_uptime_seconds 12.5
				""");

		assertThat(samples)
			.containsExactly(
					new Sample("cache_gets_total",
							Map.of("application", "user-service", "cache", "users", "result", "hit"), 42.0),
					new Sample("process_uptime_seconds", Map.of(), 12.5));
	}

	@Test
	void readsEscapedLabelValuesTimestampsExemplarsAndInfinity() {
		List<Sample> samples = PrometheusText.parse("""
				http_server_requests_seconds_bucket{le="+Inf",uri="/a \\"b\\", c\\\\d"} 7 1700000000000
				http_server_requests_seconds_count{uri="/x"} 3 # {trace_id="abc"} 0.1 1700000000.000
				""");

		assertThat(samples).extracting(Sample::value).containsExactly(7.0, 3.0);
		assertThat(samples.get(0).labels()).containsEntry("le", "+Inf").containsEntry("uri", "/a \"b\", c\\d");
	}

	@Test
	void leavesOutLinesItCannotRead() {
		assertThat(PrometheusText.parse("broken{label=\"unterminated} 1\nno_value\nok 1\n"))
			.containsExactly(new Sample("ok", Map.of(), 1.0));
	}

}
