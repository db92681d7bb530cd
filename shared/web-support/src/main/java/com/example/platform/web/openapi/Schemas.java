package com.example.platform.web.openapi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Corrections to the schemas springdoc derives from the records.
 */
final class Schemas {

	private static final String COMPONENT_PREFIX = "#/components/schemas/";

	private Schemas() {
	}

	/**
	 * Bean Validation's {@code @Pattern} must match the whole value, a JSON Schema
	 * pattern only somewhere in it: anchored, the document says what the service checks.
	 * @param components the document's components
	 */
	static void anchorPatterns(Components components) {
		if (components.getSchemas() == null) {
			return;
		}
		Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		components.getSchemas().values().forEach((schema) -> anchor(schema, seen));
	}

	/**
	 * The services' answers are records serialized whole: every property is always there,
	 * and the document says so, so a client may rely on it and a later change that drops
	 * one shows as breaking. Schemas also used in requests are left as they are.
	 * @param openApi the document
	 */
	static void requireResponseProperties(OpenAPI openApi) {
		if (openApi.getPaths() == null || openApi.getComponents() == null
				|| openApi.getComponents().getSchemas() == null) {
			return;
		}
		Map<String, Schema> schemas = openApi.getComponents().getSchemas();
		List<Operation> operations = openApi.getPaths()
			.values()
			.stream()
			.map(PathItem::readOperations)
			.flatMap(List::stream)
			.toList();
		Set<String> inRequests = reachable(schemas,
				operations.stream()
					.filter((operation) -> operation.getRequestBody() != null
							&& operation.getRequestBody().getContent() != null)
					.flatMap((operation) -> operation.getRequestBody().getContent().values().stream()));
		Set<String> inAnswers = reachable(schemas,
				operations.stream()
					.filter((operation) -> operation.getResponses() != null)
					.flatMap((operation) -> operation.getResponses().entrySet().stream())
					.filter((response) -> response.getKey().startsWith("2") && response.getValue().getContent() != null)
					.flatMap((response) -> response.getValue().getContent().values().stream()));
		inAnswers.removeAll(inRequests);
		inAnswers.stream()
			.map(schemas::get)
			.filter((schema) -> schema.getProperties() != null)
			.forEach((schema) -> schema.setRequired(new ArrayList<>(schema.getProperties().keySet())));
	}

	private static Set<String> reachable(Map<String, Schema> schemas, Stream<MediaType> contents) {
		Set<String> names = new HashSet<>();
		Deque<Schema<?>> pending = new ArrayDeque<>();
		contents.map(MediaType::getSchema).filter((schema) -> schema != null).forEach(pending::add);
		while (!pending.isEmpty()) {
			Schema<?> schema = pending.pop();
			if (schema.get$ref() != null) {
				String name = schema.get$ref().substring(COMPONENT_PREFIX.length());
				if (names.add(name) && schemas.get(name) != null) {
					pending.add(schemas.get(name));
				}
				continue;
			}
			children(schema).forEach(pending::add);
		}
		return names;
	}

	private static void anchor(Schema<?> schema, Set<Schema<?>> seen) {
		if (schema == null || !seen.add(schema)) {
			return;
		}
		String pattern = schema.getPattern();
		if (pattern != null && !(pattern.startsWith("^") && pattern.endsWith("$"))) {
			schema.setPattern("^(?:" + pattern + ")$");
		}
		children(schema).forEach((child) -> anchor(child, seen));
	}

	private static List<Schema<?>> children(Schema<?> schema) {
		List<Schema<?>> children = new ArrayList<>();
		if (schema.getProperties() != null) {
			schema.getProperties().values().forEach(children::add);
		}
		if (schema.getItems() != null) {
			children.add(schema.getItems());
		}
		Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())
			.filter((list) -> list != null)
			.flatMap(List::stream)
			.forEach(children::add);
		return children;
	}

}
