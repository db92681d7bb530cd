package com.example.platform.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Zipkin's server, the local run's trace UI, with in-memory storage, on the loopback
 * interface only.
 */
final class Zipkin {

	/**
	 * Zipkin keeps its spans in memory, the oldest traces going first. Measured: about
	 * 2.5 KB of heap per span, so 10,000 spans (some 900 orders' traces) fill 50 of the
	 * 128 MB; 170 MB resident when idle, 210 MB full. 20,000 left the heap 86 % full.
	 */
	private static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED");

	private static final int MAX_SPANS = 10_000;

	private Zipkin() {
	}

	/**
	 * Starts the server, without waiting for it. Armeria binds the list of ports as a
	 * whole, so the one port is given with everything it needs.
	 * @param settings the layout
	 * @param logs where its log goes
	 * @return the process
	 */
	static ApplicationProcess launch(PlatformSettings settings, Path logs) {
		Map<String, String> environment = Map.of("STORAGE_TYPE", "mem", "MEM_MAX_SPANS", String.valueOf(MAX_SPANS),
				"ARMERIA_PORTS_0_PORT", String.valueOf(settings.zipkinPort()), "ARMERIA_PORTS_0_IP", "127.0.0.1",
				"ARMERIA_PORTS_0_PROTOCOLS_0", "http");
		return ApplicationProcess.launch("zipkin", settings.zipkinJar(), JVM_OPTIONS, environment,
				URI.create(uri(settings) + "/health"), logs);
	}

	/**
	 * Its UI, and its API under {@code /api/v2/}.
	 * @param settings the layout
	 * @return the URI, without trailing slash
	 */
	static URI uri(PlatformSettings settings) {
		return URI.create("http://localhost:" + settings.zipkinPort());
	}

}
