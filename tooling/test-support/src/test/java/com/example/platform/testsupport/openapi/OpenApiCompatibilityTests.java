package com.example.platform.testsupport.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixtures under {@code openapi/} prove the check bites: {@code breaking.json} makes
 * each kind of breaking change to {@code baseline.json} once, {@code compatible.json}
 * only additions a client can ignore.
 */
class OpenApiCompatibilityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	private Path committed;

	@Test
	void reportsEachKindOfBreakingChange() throws IOException {
		assertThat(OpenApiCompatibility.breakingChanges(fixture("baseline"), fixture("breaking")))
			.containsExactlyInAnyOrder("DELETE /api/things/{id}: operation removed",
					"POST /api/things: status 201 removed", "POST /api/things request body.note: newly required",
					"POST /api/things request body.name: maxLength narrowed from 100 to 50",
					"POST /api/things request body.colour: value \"blue\" no longer accepted",
					"GET /api/things query parameter 'size': newly required",
					"GET /api/things 200 application/json[].name: type changed from [string] to [integer]",
					"GET /api/things 200 application/json[].count: property removed");
	}

	@Test
	void acceptsAdditionsAndWiderRequests() throws IOException {
		assertThat(OpenApiCompatibility.breakingChanges(fixture("baseline"), fixture("compatible"))).isEmpty();
	}

	@Test
	void failsABreakingChangeWithoutANewMajorVersion() throws IOException {
		ApiDocuments documents = commitBaseline();

		assertThat(documents.check("things", text("breaking"))).isNotEmpty()
			.allSatisfy((problem) -> assertThat(problem).contains("breaks clients"));
	}

	@Test
	void asksForTheNewDocumentWhenTheMajorVersionWentUp() throws IOException {
		ApiDocuments documents = commitBaseline();

		assertThat(documents.check("things", text("breaking-major"))).singleElement()
			.asString()
			.contains("is not what things serves");
	}

	@Test
	void asksForACompatibleChangeToBeCommitted() throws IOException {
		ApiDocuments documents = commitBaseline();

		assertThat(documents.check("things", text("compatible"))).singleElement()
			.asString()
			.contains("is not what things serves");
	}

	@Test
	void passesTheCommittedDocument() throws IOException {
		ApiDocuments documents = commitBaseline();

		assertThat(documents.check("things", text("baseline"))).isEmpty();
	}

	private ApiDocuments commitBaseline() throws IOException {
		Files.writeString(this.committed.resolve("things.json"), text("baseline"));
		return new ApiDocuments(this.committed);
	}

	private static JsonNode fixture(String name) throws IOException {
		return JSON.readTree(text(name));
	}

	private static String text(String name) throws IOException {
		try (InputStream in = OpenApiCompatibilityTests.class.getResourceAsStream("/openapi/" + name + ".json")) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
