package com.example.platform.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM for {@link TeardownTests} to stop: it registers a resource (which records that it
 * was closed), starts a child process it never registers, says so, and waits.
 */
public final class TeardownProbe {

	private TeardownProbe() {
	}

	public static void main(String[] args) throws Exception {
		Path closedMarker = Path.of(args[0]);
		Process child = new ProcessBuilder("sleep", "300").start();
		Teardown.closeOnExit(() -> Files.writeString(closedMarker, "closed"));
		System.out.println("child " + child.pid());
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
