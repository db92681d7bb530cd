package com.example.platform.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM command lines that extract an application, train its AOT cache and check the
 * cache. Paths are absolute throughout: the cache records the class path as given, and a
 * relative one would not match from another working directory.
 *
 * @param java the {@code java} executable the applications run on
 * @param jvmOptions the applications' options: training with the same ones keeps the
 * cache valid for them
 */
record AotCommands(Path java, List<String> jvmOptions) {

	/**
	 * Keeps the training run from reaching other applications: the context is refreshed,
	 * so its classes load, and the JVM exits before any lifecycle bean starts (no web
	 * server, no Kafka listener). The dialect is named, not detected. The service's own
	 * migrations run, into the scratch database the training gets: without its tables a
	 * service whose refresh reads them (user-service's administrator bootstrap) fails,
	 * and its cache then holds only the classes loaded until then. Unlike the
	 * Dockerfile's training, which has no database, the Eureka client stays enabled but
	 * neither registers nor fetches: discovery's Eureka server cannot refresh without it,
	 * and every application loads its classes when it really starts.
	 */
	static final List<String> TRAINING_OVERRIDES = List.of("-Dspring.context.exit=onRefresh",
			"-Dspring.kafka.admin.auto-create=false", "-Deureka.client.register-with-eureka=false",
			"-Deureka.client.fetch-registry=false", "-Dspring.data.jdbc.dialect=postgresql");

	AotCommands {
		java = java.toAbsolutePath();
		jvmOptions = List.copyOf(jvmOptions);
	}

	/**
	 * The commands for the JDK this launcher runs on.
	 * @param jvmOptions the applications' options
	 * @return the commands
	 */
	static AotCommands current(List<String> jvmOptions) {
		return new AotCommands(Path.of(System.getProperty("java.home"), "bin", "java"), jvmOptions);
	}

	/**
	 * Spring Boot's extraction: the application's jar with its libraries in {@code lib/},
	 * the layout the AOT cache can hold classes of (not classes nested in a fat jar).
	 * @param fatJar the executable jar
	 * @param destination a directory that does not exist yet
	 * @param applicationFileName the name of the extracted application jar
	 * @return the command
	 */
	List<String> extract(Path fatJar, Path destination, String applicationFileName) {
		return List.of(this.java.toString(), "-Djarmode=tools", "-jar", fatJar.toAbsolutePath().toString(), "extract",
				"--destination", destination.toAbsolutePath().toString(), "--application-filename",
				applicationFileName);
	}

	/**
	 * A training run: starts the application up to its refreshed context and writes the
	 * cache when the JVM exits.
	 * @param location the extracted application
	 * @param output where the cache is written
	 * @return the command
	 */
	List<String> train(AotCacheLocation location, Path output) {
		List<String> command = new ArrayList<>();
		command.add(this.java.toString());
		command.addAll(this.jvmOptions);
		command.add("-XX:AOTCacheOutput=" + output.toAbsolutePath());
		// System properties after -jar would be the application's arguments.
		command.addAll(TRAINING_OVERRIDES);
		command.add("-jar");
		command.add(location.jar().toString());
		return command;
	}

	/**
	 * Fails (exit code 1) when the JVM would not use the cache, which an application
	 * would only notice by starting slower than without it.
	 * @param location the extracted application with its cache
	 * @return the command
	 */
	List<String> check(AotCacheLocation location) {
		List<String> command = new ArrayList<>();
		command.add(this.java.toString());
		command.addAll(this.jvmOptions);
		command.add("-XX:AOTMode=on");
		command.add("-XX:AOTCache=" + location.cache());
		command.add("-cp");
		command.add(location.jar().toString());
		command.add("-version");
		return command;
	}

}
