package com.example.platform.testsupport.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' OpenAPI documents as committed under {@code docs/api/}: what a service
 * generates is compared with its committed copy. A change that would break a client fails
 * unless the document's major version went up; any other difference fails until the new
 * document is committed (write it with {@code -Dapi-docs.write=true}).
 */
public final class ApiDocuments {

	/** Set to {@code true} to write the generated documents over the committed ones. */
	public static final String WRITE_PROPERTY = "api-docs.write";

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final Path directory;

	/**
	 * The documents in a directory.
	 * @param directory where the committed documents are, e.g. {@code ../docs/api}
	 */
	public ApiDocuments(Path directory) {
		this.directory = directory;
	}

	/**
	 * The committed documents of the repository a module's tests run in.
	 * @return the documents under {@code docs/api} of the repository root
	 */
	public static ApiDocuments ofRepository() {
		Path root = Path.of("").toAbsolutePath();
		while (root != null && !Files.isDirectory(root.resolve("docs/api"))) {
			root = root.getParent();
		}
		if (root == null) {
			throw new IllegalStateException("No docs/api above " + Path.of("").toAbsolutePath());
		}
		return new ApiDocuments(root.resolve("docs/api"));
	}

	/**
	 * The committed document of a service.
	 * @param service the service's name, e.g. {@code user-service}
	 * @return the file, {@code <service>.json}
	 */
	public Path file(String service) {
		return this.directory.resolve(service + ".json");
	}

	/**
	 * Compares a freshly generated document with the committed one.
	 * @param service the service's name
	 * @param generated the document the service serves
	 * @return what is wrong: empty when the committed copy is the generated document
	 */
	public List<String> check(String service, String generated) {
		JsonNode now = JSON.readTree(generated);
		Path file = file(service);
		String canonical = JSON.writeValueAsString(now) + "\n";
		if (Boolean.getBoolean(WRITE_PROPERTY)) {
			write(file, canonical);
			return List.of();
		}
		if (!Files.exists(file)) {
			return List.of(file + " does not exist: run with -D" + WRITE_PROPERTY + "=true and commit it");
		}
		JsonNode committed = JSON.readTree(file.toFile());
		List<String> breaking = OpenApiCompatibility.breakingChanges(committed, now);
		if (!breaking.isEmpty()
				&& OpenApiCompatibility.majorVersion(now) <= OpenApiCompatibility.majorVersion(committed)) {
			return breaking.stream()
				.map((change) -> change + " (breaks clients: raise platform.api.version's major, or undo it)")
				.toList();
		}
		if (!JSON.writeValueAsString(committed).equals(JSON.writeValueAsString(now))) {
			return List
				.of(file + " is not what " + service + " serves: run with -D" + WRITE_PROPERTY + "=true and commit it");
		}
		return List.of();
	}

	private static void write(Path file, String content) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
