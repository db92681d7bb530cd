package com.example.platform.local;

import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local}: starts the whole platform and keeps it running until Ctrl-C or
 * SIGTERM, then stops everything it started, applications before infrastructure.
 */
public final class LocalPlatformApplication {

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
		LocalPlatform platform = LocalPlatform.start(settings);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			platform.close();
			stopped.countDown();
		}, "platform-shutdown"));
		System.out.println(platform.describe());
		stopped.await();
	}

}
