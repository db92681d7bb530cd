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
 * The README's API table and the OpenAPI documents list the same operations, so neither
 * can drift from the other (the documents come from the code, ApiDocumentIT).
 */
class ReadmeApiTableTests {

	private static final Pattern ROW = Pattern.compile("(?m)^\\| `(GET|POST|PUT|DELETE|PATCH) (/[^`?\\s]*)");

	private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

	@Test
	void tableListsExactlyTheDocumentedOperations() throws IOException {
		assertThat(readmeOperations()).isNotEmpty().isEqualTo(documentedOperations());
	}

	private static Set<String> readmeOperations() throws IOException {
		String readme = Files.readString(Path.of("../README.md"));
		int start = readme.indexOf("\n## API\n");
		assertThat(start).as("README has an API section").isNotNegative();
		int end = readme.indexOf("\n## ", start + 1);
		Matcher rows = ROW.matcher(readme.substring(start, (end > 0) ? end : readme.length()));
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
