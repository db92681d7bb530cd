package com.example.platform.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.platform.local.Repository;
import com.example.platform.testsupport.OsPackages;

import org.opentest4j.TestAbortedException;

/**
 * Renders an overlay exactly as {@code kubectl apply -k} would, with {@code kubectl
 * kustomize}. The overlays generate Secrets from files that are never committed, so the
 * tree is staged in a temporary directory where those files are created from the
 * documented example ({@code .env.example}) and placeholder certificates (the host's, and
 * each application's of mutual TLS).
 */
final class Kustomize {

	/** The directories the overlays read, relative to the repository root. */
	static final List<String> INPUTS = List.of("k8s", "deploy/config", "prometheus", "grafana");

	static final List<String> OVERLAYS = List.of("dev", "prod");

	/**
	 * Whose certificate of mutual TLS each overlay makes a Secret of, from
	 * scripts/generate-secrets' {@code platform-tls/<name>/}.
	 */
	static final List<String> TLS_CERTIFICATES = List.of("discovery", "gateway", "user-service", "order-service",
			"prometheus");

	private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("Kustomize Version: v(\\d+)\\.");

	private Kustomize() {
	}

	static List<K8sObject> render(String overlay) {
		return K8sObject.parseAll(renderYaml(stage(), overlay));
	}

	static String renderYaml(Path staged, String overlay) {
		requireModernKustomize();
		List<String> command = List.of("kubectl", "kustomize", "k8s/overlays/" + overlay);
		return Commands.run(staged, command).orFail(command).stdout();
	}

	/** A copy of the inputs with the uncommitted Secret files in place. */
	static Path stage() {
		try {
			Path staged = Files.createTempDirectory("kustomize");
			for (String input : INPUTS) {
				copyTree(Repository.path(input), staged.resolve(input));
			}
			for (String overlay : OVERLAYS) {
				Path directory = staged.resolve("k8s/overlays").resolve(overlay);
				Files.copy(Repository.path(".env.example"), directory.resolve("secrets.env"),
						StandardCopyOption.REPLACE_EXISTING);
				Files.writeString(directory.resolve("tls.crt"), "placeholder certificate\n");
				Files.writeString(directory.resolve("tls.key"), "placeholder key\n");
				for (String owner : TLS_CERTIFICATES) {
					Path certificate = Files.createDirectories(directory.resolve("platform-tls").resolve(owner));
					for (String file : List.of("tls.crt", "tls.key", "ca.crt")) {
						Files.writeString(certificate.resolve(file), "placeholder " + owner + " " + file + "\n");
					}
				}
			}
			return staged;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void requireModernKustomize() {
		OsPackages.require("kubectl");
		List<String> command = List.of("kubectl", "version", "--client");
		String version = Commands.run(Repository.root(), command).orFail(command).stdout();
		Matcher matcher = KUSTOMIZE_VERSION.matcher(version);
		if (!matcher.find() || Integer.parseInt(matcher.group(1)) < 5) {
			throw new TestAbortedException("kubectl with kustomize v5 or newer is needed to render k8s/ (found:\n"
					+ version + "). Debian's kubernetes-client 1.20 embeds kustomize v2, which is too old.");
		}
	}

	private static void copyTree(Path source, Path target) throws IOException {
		try (Stream<Path> paths = Files.walk(source)) {
			for (Path path : paths.toList()) {
				Path destination = target.resolve(source.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(destination);
				}
				else {
					Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

}
