package com.example.platform.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The reference reverse proxy: Debian's nginx in front of the given instances, round
 * robin with keep-alive connections to them, as a production nginx would be set up.
 */
final class Nginx implements AutoCloseable {

	private final Process process;

	private final URI uri;

	private Nginx(Process process, URI uri) {
		this.process = process;
		this.uri = uri;
	}

	static boolean isInstalled() {
		return Commands.isInstalled("nginx");
	}

	/**
	 * Starts nginx and waits until it answers.
	 * @param directory where its configuration, logs and temporary files go
	 * @param port the port it listens on
	 * @param upstreamPorts the instances it balances over, on localhost
	 * @return the running nginx
	 */
	static Nginx start(Path directory, int port, List<Integer> upstreamPorts) {
		try {
			Files.createDirectories(directory.resolve("logs"));
			Path config = Files.writeString(directory.resolve("nginx.conf"),
					configuration(directory, port, upstreamPorts));
			Process process = new ProcessBuilder("nginx", "-p", directory.toString(), "-c", config.toString(), "-g",
					"daemon off;")
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("logs/console.log").toFile())
				.start();
			Nginx nginx = new Nginx(process, URI.create("http://127.0.0.1:" + port));
			nginx.awaitListening();
			return nginx;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String configuration(Path directory, int port, List<Integer> upstreamPorts) {
		String servers = upstreamPorts.stream()
			.map((upstream) -> "    server 127.0.0.1:" + upstream + ";")
			.collect(Collectors.joining("\n"));
		return """
				worker_processes auto;
				pid %1$s/nginx.pid;
				error_log %1$s/logs/error.log warn;
				events {
				  worker_connections 4096;
				}
				http {
				  access_log off;
				  client_body_temp_path %1$s/body;
				  proxy_temp_path %1$s/proxy;
				  fastcgi_temp_path %1$s/fastcgi;
				  uwsgi_temp_path %1$s/uwsgi;
				  scgi_temp_path %1$s/scgi;
				  upstream user_service {
				%2$s
				    keepalive 64;
				  }
				  server {
				    listen 127.0.0.1:%3$d;
				    location / {
				      proxy_pass http://user_service;
				      proxy_http_version 1.1;
				      proxy_set_header Connection "";
				      proxy_set_header Host $host;
				    }
				  }
				}
				""".formatted(directory, servers, port);
	}

	URI uri() {
		return this.uri;
	}

	private void awaitListening() {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("nginx exited with " + this.process.exitValue());
			}
			try {
				HttpURLConnection connection = (HttpURLConnection) this.uri.resolve("/").toURL().openConnection();
				connection.setConnectTimeout(500);
				connection.getResponseCode();
				connection.disconnect();
				return;
			}
			catch (IOException ex) {
				Pause.briefly();
			}
		}
		throw new IllegalStateException("nginx did not listen on " + this.uri + " within 10 s");
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
