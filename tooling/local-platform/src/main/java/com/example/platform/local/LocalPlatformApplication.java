package com.example.platform.local;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local}: starts the whole platform, and Prometheus when it is installed,
 * and keeps them running until Ctrl-C or SIGTERM, then stops everything it started,
 * applications before infrastructure.
 */
public final class LocalPlatformApplication {

	/**
	 * Seconds rather than the deployed 10 s: a local run is watched while something is
	 * tried, and its few series cost nothing.
	 */
	private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(5);

	private LocalPlatformApplication() {
	}

	public static void main(String[] args) throws InterruptedException {
		PlatformSettings settings;
		try {
			settings = PlatformSettings.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		// Ctrl-C or SIGTERM from here on stops what started: while the platform is still
		// starting, every process started so far; once it is up, Prometheus, then the
		// platform, applications before infrastructure.
		Teardown.install();
		LocalPlatform platform = LocalPlatform.start(settings);
		Teardown.closeOnExit(platform);
		LocalPrometheus prometheus = startPrometheus(settings, platform);
		if (prometheus != null) {
			Teardown.closeOnExit(prometheus);
		}
		System.out.println(platform.describe());
		if (prometheus != null) {
			System.out.printf("  %-28s %s (alerts: %s)%n%n", "Prometheus", prometheus.uri(), prometheus.alertsUri());
		}
		// Until the JVM is told to stop: Teardown's hook runs then.
		new CountDownLatch(1).await();
	}

	/** Monitoring is optional locally: the platform runs without it. */
	private static LocalPrometheus startPrometheus(PlatformSettings settings, LocalPlatform platform) {
		if (!LocalPrometheus.isInstalled()) {
			System.out.println("Prometheus is not installed, so not started. To watch the platform and its alerts "
					+ "locally: " + LocalPrometheus.INSTALL_HINT);
			return null;
		}
		try {
			return LocalPrometheus.start(settings.repository(), settings.discoveryPort(),
					settings.workDirectory().resolve("secrets").resolve(DevSecrets.EUREKA_PASSWORD_FILE),
					platform.trust().mutualTls() ? platform.trust().prometheusCertificate() : null,
					settings.prometheusPort(), settings.workDirectory().resolve("prometheus"), SCRAPE_INTERVAL);
		}
		catch (RuntimeException ex) {
			System.err.println("Prometheus did not start, the platform runs without it: " + ex.getMessage());
			return null;
		}
	}

}
