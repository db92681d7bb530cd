package com.example.platform.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations table of the API page (docs/api.md) and the OpenAPI documents list the
 * same operations, so neither can drift from the other (the documents come from the code,
 * ApiDocumentIT).
 */
class ReadmeApiTableTests {

	private static final Pattern ROW = Pattern.compile("(?m)^\\| `(GET|POST|PUT|DELETE|PATCH) (/[^`?\\s]*)");

	private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

	@Test
	void tableListsExactlyTheDocumentedOperations() throws IOException {
		assertThat(apiPageOperations()).isNotEmpty().isEqualTo(documentedOperations());
	}

	private static Set<String> apiPageOperations() throws IOException {
		Matcher rows = ROW.matcher(Files.readString(Path.of("../../docs/api.md")));
		Set<String> operations = new TreeSet<>();
		while (rows.find()) {
			operations.add(rows.group(1) + " " + rows.group(2));
		}
		return operations;
	}

	private static Set<String> documentedOperations() {
		JsonMapper json = JsonMapper.builder().build();
		Set<String> operations = new TreeSet<>();
		ApiContract.committedDocuments().values().forEach((document) -> {
			JsonNode paths = json.readTree(document).path("paths");
			for (String path : paths.propertyNames()) {
				for (String method : paths.path(path).propertyNames()) {
					if (METHODS.contains(method)) {
						operations.add(method.toUpperCase() + " " + path);
					}
				}
			}
		});
		return operations;
	}

}
