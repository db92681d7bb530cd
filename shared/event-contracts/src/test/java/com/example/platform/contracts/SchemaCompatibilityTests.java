package com.example.platform.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds every published schema to the baseline committed under
 * {@code src/test/resources/baseline}: a release copies its schemas there, and from then
 * on a change that would break a reader fails this build. A breaking change needs a new
 * version instead.
 */
class SchemaCompatibilityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Path BASELINE = Path.of("src/test/resources/baseline");

	@ParameterizedTest(name = "{0}")
	@MethodSource("baselineSchemas")
	void everyReleasedSchemaStaysBackwardCompatible(Path baselineSchema) throws IOException {
		String relative = BASELINE.relativize(baselineSchema).toString().replace('\\', '/');
		JsonNode current = JSON.readTree(resource("contracts/" + relative));

		assertThat(SchemaCompatibility.breakingChanges(JSON.readTree(baselineSchema.toFile()), current))
			.as("breaking changes to " + relative)
			.isEmpty();
	}

	@Test
	void everyContractHasABaseline() {
		assertThat(EventContracts.ALL).allSatisfy(
				(contract) -> assertThat(BASELINE.resolve(contract.schemaPath().substring("contracts/".length())))
					.exists());
	}

	// The fixture removes "total", newly requires "currency" and turns "itemCount" into a
	// string: each must be reported, or the check above would not bite.
	@Test
	void reportsRemovedNewlyRequiredAndRetypedProperties() throws IOException {
		JsonNode baseline = JSON.readTree(BASELINE.resolve("order-events/OrderPlaced.v1.schema.json").toFile());
		JsonNode broken = JSON.readTree(resource("fixtures/OrderPlaced.v1.incompatible.schema.json"));

		assertThat(SchemaCompatibility.breakingChanges(baseline, broken)).containsExactlyInAnyOrder(
				"$.payload.total: property removed", "$.payload.currency: newly required",
				"$.payload.itemCount: type changed from \"integer\" to \"string\"");
	}

	@Test
	void acceptsANewOptionalProperty() throws IOException {
		JsonNode baseline = JSON.readTree(BASELINE.resolve("order-events/OrderPlaced.v1.schema.json").toFile());
		JsonNode extended = JSON.readTree(resource("fixtures/OrderPlaced.v1.compatible.schema.json"));

		assertThat(SchemaCompatibility.breakingChanges(baseline, extended)).isEmpty();
	}

	static List<Path> baselineSchemas() throws IOException {
		try (Stream<Path> files = Files.walk(BASELINE)) {
			return files.filter((file) -> file.toString().endsWith(".schema.json")).sorted().toList();
		}
	}

	private static String resource(String path) throws IOException {
		try (InputStream in = SchemaCompatibilityTests.class.getClassLoader().getResourceAsStream(path)) {
			assertThat(in).as(path).isNotNull();
			return new String(in.readAllBytes());
		}
	}

}
