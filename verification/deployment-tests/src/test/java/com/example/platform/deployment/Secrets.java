package com.example.platform.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.local.Repository;
import com.example.platform.testsupport.OsPackages;

import org.opentest4j.TestAbortedException;

/**
 * What counts as a secret, where the deployment files may take one from, and a scanner
 * for secrets in files that are (or are about to be) committed.
 */
final class Secrets {

	/** Variables whose value is a secret: passwords, client secrets, private keys. */
	private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|PASSWD|_PASS$|SECRET|PRIVATE_KEY).*");

	/** How every value in .env.example looks: unusable, and obviously so. */
	static final Pattern PLACEHOLDER = Pattern.compile("change-me(-[a-z0-9]+)*");

	/**
	 * The one Kubernetes Secret the applications and databases read (overlays'
	 * secrets.env).
	 */
	static final String KUBERNETES_SECRET = "platform-credentials";

	private static final Pattern PRIVATE_KEY_BLOCK = Pattern
		.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----(?:\\s|\\\\n|[\"'+])*[A-Za-z0-9+/]{40,}");

	private static final Pattern LONG_TOKEN = Pattern.compile("[A-Za-z0-9+/_-]{80,}");

	/**
	 * A secret-looking key set to a literal: {@code X_PASSWORD=...},
	 * {@code password: ...}, {@code "client-secret": "..."}.
	 */
	private static final Pattern SECRET_ASSIGNMENT = Pattern
		.compile("(?i)([A-Za-z0-9_.-]*(?:password|passwd|secret|_pass|private[-_]key))[\"']?(?:=|:\\s)\\s*(.*)$");

	/**
	 * Literals that look like secrets but are not, each with its reason. Keep this list
	 * short: a new entry needs a reason a reviewer accepts.
	 */
	private static final Map<String, String> ALLOWED = Map.of(
			// The local run's development database defaults (spring.datasource.password):
			// they only open the embedded PostgreSQL on localhost that the local run
			// creates
			// with these very values; compose and Kubernetes always pass the secret.
			"user-service/src/main/resources/application.yml", "user_service-dev-password",
			"order-service/src/main/resources/application.yml", "order_service-dev-password");

	private Secrets() {
	}

	static boolean isSecret(String variable) {
		return SECRET_NAME.matcher(variable).matches();
	}

	/** KEY=VALUE lines of an env file (docker-compose's and kustomize's format). */
	static Map<String, String> envFile(String content) {
		Map<String, String> entries = new LinkedHashMap<>();
		for (String line : content.lines().toList()) {
			if (!line.isBlank() && !line.startsWith("#")) {
				int equals = line.indexOf('=');
				entries.put(line.substring(0, equals), line.substring(equals + 1));
			}
		}
		return entries;
	}

	static Map<String, String> example() {
		return envFile(Repository.read(".env.example"));
	}

	/**
	 * Files git tracks or would add (untracked but not ignored): everything that is, or
	 * is about to be, committed.
	 */
	static List<String> committableFiles() {
		if (!Files.exists(Repository.path(".git"))) {
			throw new TestAbortedException("Not a git working tree: cannot tell which files are committed");
		}
		OsPackages.require("git");
		List<String> command = List.of("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard");
		String output = Commands.run(Repository.root(), command).orFail(command).stdout();
		return Arrays.stream(output.split("\0"))
			.filter((file) -> !file.isEmpty())
			.filter((file) -> Files.isRegularFile(Repository.path(file)))
			.distinct()
			.toList();
	}

	/** The file's text, or null for a binary file. */
	static String text(String file) {
		try {
			byte[] bytes = Files.readAllBytes(Repository.path(file));
			for (byte b : bytes) {
				if (b == 0) {
					return null;
				}
			}
			return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Secrets in one file, one line each: {@code path:line: what}. */
	static List<String> findings(String file, String content) {
		List<String> findings = new ArrayList<>();
		Matcher pem = PRIVATE_KEY_BLOCK.matcher(content);
		while (pem.find()) {
			findings.add(file + ":" + lineOf(content, pem.start()) + ": a PEM private key");
		}
		Matcher token = LONG_TOKEN.matcher(content);
		while (token.find()) {
			if (looksRandom(token.group())) {
				findings.add(file + ":" + lineOf(content, token.start()) + ": base64 key material ("
						+ token.group().length() + " characters)");
			}
		}
		if (holdsConfiguration(file)) {
			List<String> lines = content.lines().toList();
			for (int i = 0; i < lines.size(); i++) {
				Matcher assignment = SECRET_ASSIGNMENT.matcher(lines.get(i));
				if (assignment.find() && isLiteral(file, assignment.group(2))) {
					findings.add(file + ":" + (i + 1) + ": " + assignment.group(1) + " set to a literal");
				}
			}
		}
		return findings;
	}

	/**
	 * Configuration, scripts and deployment files. Java code and documentation are left
	 * out (tests register users with made-up passwords; the README and docs/ show them),
	 * as are test resources (fixtures are wrong on purpose).
	 */
	private static boolean holdsConfiguration(String file) {
		return !file.endsWith(".java") && !file.endsWith(".md") && !file.contains("/src/test/");
	}

	private static boolean isLiteral(String file, String rest) {
		String value = firstToken(rest.strip());
		if (value.isEmpty() || "|".equals(value) || ">".equals(value) || "{}".equals(value)) {
			return false;
		}
		// References: shell/compose variables, Spring placeholders, YAML anchors/aliases.
		if (Set.of('$', '&', '*').contains(value.charAt(0)) || value.startsWith("{")) {
			return false;
		}
		// A Spring resource location names the file the secret is in (an SSL bundle's
		// private-key: "file:${platform.tls.directory}/tls.key"), never the secret.
		if (value.startsWith("file:") || value.startsWith("classpath:")) {
			return false;
		}
		return !PLACEHOLDER.matcher(value).matches() && !value.equals(ALLOWED.get(file));
	}

	/** A quoted string's content, or everything up to the first blank or semicolon. */
	private static String firstToken(String text) {
		if (!text.isEmpty() && (text.charAt(0) == '"' || text.charAt(0) == '\'')) {
			int end = text.indexOf(text.charAt(0), 1);
			return (end > 0) ? text.substring(1, end).strip() : text.substring(1);
		}
		return text.split("[\\s;]", 2)[0];
	}

	/** Random base64 mixes digits, upper and lower case; identifiers and paths do not. */
	private static boolean looksRandom(String token) {
		long digits = token.chars().filter(Character::isDigit).count();
		long upper = token.chars().filter(Character::isUpperCase).count();
		long lower = token.chars().filter(Character::isLowerCase).count();
		return digits >= 4 && upper >= 4 && lower >= 4;
	}

	private static int lineOf(String content, int offset) {
		return (int) content.substring(0, offset).chars().filter((c) -> c == '\n').count() + 1;
	}

	static Path write(Path file, Map<String, String> entries) {
		StringBuilder content = new StringBuilder();
		entries.forEach((key, value) -> content.append(key).append('=').append(value).append('\n'));
		try {
			return Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
