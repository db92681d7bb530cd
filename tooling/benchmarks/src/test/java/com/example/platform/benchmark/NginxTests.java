package com.example.platform.benchmark;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NginxTests {

	@Test
	void balancesOverTheInstancesWithKeepAliveConnections() {
		String config = Nginx.configuration(Path.of("/tmp/nginx"), 18080, List.of(8081, 8082));

		assertThat(config).contains("server 127.0.0.1:8081;", "server 127.0.0.1:8082;", "keepalive 64;",
				"proxy_http_version 1.1;", "proxy_set_header Connection \"\";", "listen 127.0.0.1:18080;",
				"access_log off;");
	}

}
