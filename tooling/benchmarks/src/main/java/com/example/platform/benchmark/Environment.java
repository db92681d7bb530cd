package com.example.platform.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;

/**
 * What the figures were measured on: the machine, the JVM, the network transport and the
 * versions, recorded beside every result.
 */
final class Environment {

	static final String NO_NATIVE = "-Dio.netty.transport.noNative=true";

	private Environment() {
	}

	static Map<String, String> describe(Path repository, List<String> jvmOptions) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("cpu", Commands.output(List.of("sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"))
			.orElse("unknown"));
		environment.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
		environment.put("memory",
				Commands.output(List.of("sh", "-c", "grep MemTotal /proc/meminfo | awk '{print $2/1048576 \" GiB\"}'"))
					.orElse("unknown"));
		environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		environment.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		environment.put("jvm options", String.join(" ", jvmOptions));
		Path gateway = repository.resolve("gateway/target/gateway.jar");
		environment.put("gateway transport", transport(gateway, jvmOptions));
		environment.put("services transport", "Tomcat NIO (blocking servlet stack)");
		environment.put("spring boot", manifest(gateway, "Spring-Boot-Version"));
		Properties versions = versions();
		environment.put("spring cloud", versions.getProperty("spring-cloud"));
		environment.put("netty", versions.getProperty("netty"));
		environment.put("wrk", Commands.output(List.of("sh", "-c", "wrk --version 2>&1 | head -1")).orElse("?"));
		environment.put("nginx", Commands.output(List.of("sh", "-c", "nginx -v 2>&1")).orElse("?"));
		return environment;
	}

	private static String transport(Path gatewayJar, List<String> jvmOptions) {
		try (JarFile jar = new JarFile(gatewayJar.toFile())) {
			boolean epoll = jar.stream().anyMatch((entry) -> entry.getName().contains("netty-transport-native-epoll"));
			return transport(epoll, jvmOptions);
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	// Netty falls back to NIO when told not to load its native transports, whatever the
	// jar
	// carries: a run that compares the two transports sets this option.
	static String transport(boolean epollInJar, List<String> jvmOptions) {
		if (!epollInJar) {
			return "Reactor Netty, NIO";
		}
		if (jvmOptions.contains(NO_NATIVE)) {
			return "Reactor Netty, NIO (" + NO_NATIVE + ")";
		}
		return "Reactor Netty, epoll (native transport in gateway.jar)";
	}

	private static String manifest(Path jar, String attribute) {
		try (JarFile file = new JarFile(jar.toFile())) {
			return file.getManifest().getMainAttributes().getValue(attribute);
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static Properties versions() {
		Properties versions = new Properties();
		try (InputStream in = Environment.class.getResourceAsStream("/benchmark/versions.properties")) {
			versions.load(in);
			return versions;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
