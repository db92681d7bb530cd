package com.example.platform.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One event type in one schema version: its JSON Schema (envelope and payload) and an
 * example document, both under {@code contracts/<topic>/<type>.v<version>.*.json}.
 *
 * @param topic the topic the event is published to
 * @param type the envelope's {@code type}
 * @param version the envelope's {@code version}
 */
public record EventContract(String topic, String type, int version) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	/**
	 * Where the schema lies on the classpath.
	 * @return the resource path
	 */
	public String schemaPath() {
		return path("schema");
	}

	/**
	 * Where the example lies on the classpath.
	 * @return the resource path
	 */
	public String examplePath() {
		return path("example");
	}

	/**
	 * The schema document.
	 * @return its text
	 */
	public String schemaText() {
		return read(schemaPath());
	}

	/**
	 * A valid event of this type and version.
	 * @return its JSON
	 */
	public String example() {
		return read(examplePath());
	}

	/**
	 * Checks a document against the schema, formats (uuid, date-time) included.
	 * @param json the document, e.g. an envelope a producer emitted
	 * @return the violations, empty when the document is valid
	 */
	public List<String> violations(String json) {
		return violations(JSON.readTree(json));
	}

	/**
	 * Checks a document against the schema, formats (uuid, date-time) included.
	 * @param document the document
	 * @return the violations, empty when the document is valid
	 */
	public List<String> violations(JsonNode document) {
		Schema schema = SCHEMAS.getSchema(schemaText());
		List<Error> errors = schema.validate(document,
				(context) -> context.executionConfig((config) -> config.formatAssertionsEnabled(true)));
		return errors.stream().map(Error::toString).toList();
	}

	private String path(String kind) {
		return "contracts/" + this.topic + "/" + this.type + ".v" + this.version + "." + kind + ".json";
	}

	private static String read(String path) {
		try (InputStream in = EventContract.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("No contract file " + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
