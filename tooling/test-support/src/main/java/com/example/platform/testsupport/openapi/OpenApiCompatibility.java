package com.example.platform.testsupport.openapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * What in a new OpenAPI document would break a client written against an older one: a
 * removed operation, a removed success status, a newly required request parameter or
 * property, a narrowed request constraint (length, range, pattern, enum), a removed or no
 * longer required response property, and any changed type. Additions a client can ignore
 * (operations, optional properties, error statuses) are compatible.
 */
public final class OpenApiCompatibility {

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

	private final JsonNode before;

	private final JsonNode after;

	private final List<String> breaks = new ArrayList<>();

	private OpenApiCompatibility(JsonNode before, JsonNode after) {
		this.before = before;
		this.after = after;
	}

	/**
	 * Lists the changes from one document to the next that would break a client.
	 * @param before the published document
	 * @param after the new one
	 * @return one line per breaking change, empty when none
	 */
	public static List<String> breakingChanges(JsonNode before, JsonNode after) {
		OpenApiCompatibility compatibility = new OpenApiCompatibility(before, after);
		compatibility.comparePaths();
		return List.copyOf(compatibility.breaks);
	}

	/**
	 * The major version in a document's {@code info.version}.
	 * @param document an OpenAPI document
	 * @return the number before the first dot
	 */
	public static int majorVersion(JsonNode document) {
		String version = document.path("info").path("version").asString("0");
		return Integer.parseInt(version.split("\\.", 2)[0]);
	}

	private void comparePaths() {
		for (String path : this.before.path("paths").propertyNames()) {
			JsonNode newItem = this.after.path("paths").path(path);
			for (String method : this.before.path("paths").path(path).propertyNames()) {
				if (!METHODS.contains(method)) {
					continue;
				}
				String where = method.toUpperCase() + " " + path;
				JsonNode newOperation = newItem.path(method);
				if (newOperation.isMissingNode()) {
					this.breaks.add(where + ": operation removed");
					continue;
				}
				compareOperation(where, this.before.path("paths").path(path).path(method), newOperation);
			}
		}
	}

	private void compareOperation(String where, JsonNode before, JsonNode after) {
		for (JsonNode parameter : after.path("parameters")) {
			JsonNode old = parameter(before, parameter.path("in").asString(), parameter.path("name").asString());
			String label = where + " " + parameter.path("in").asString() + " parameter '"
					+ parameter.path("name").asString() + "'";
			if (parameter.path("required").asBoolean(false) && !old.path("required").asBoolean(false)) {
				this.breaks.add(label + ": newly required");
			}
			if (!old.isMissingNode()) {
				compareSchema(label, old.path("schema"), parameter.path("schema"), Direction.REQUEST, new HashSet<>());
			}
		}
		JsonNode oldBody = before.path("requestBody");
		JsonNode newBody = after.path("requestBody");
		if (newBody.path("required").asBoolean(false) && !oldBody.path("required").asBoolean(false)
				&& !oldBody.isMissingNode()) {
			this.breaks.add(where + " request body: newly required");
		}
		for (String mediaType : oldBody.path("content").propertyNames()) {
			JsonNode newSchema = newBody.path("content").path(mediaType).path("schema");
			if (newSchema.isMissingNode()) {
				this.breaks.add(where + " request body " + mediaType + ": no longer accepted");
				continue;
			}
			compareSchema(where + " request body", oldBody.path("content").path(mediaType).path("schema"), newSchema,
					Direction.REQUEST, new HashSet<>());
		}
		for (String status : before.path("responses").propertyNames()) {
			JsonNode newResponse = after.path("responses").path(status);
			if (newResponse.isMissingNode()) {
				if (status.startsWith("2")) {
					this.breaks.add(where + ": status " + status + " removed");
				}
				continue;
			}
			JsonNode oldContent = before.path("responses").path(status).path("content");
			for (String mediaType : oldContent.propertyNames()) {
				JsonNode newSchema = newResponse.path("content").path(mediaType).path("schema");
				String label = where + " " + status + " " + mediaType;
				if (newSchema.isMissingNode()) {
					this.breaks.add(label + ": no longer answered");
					continue;
				}
				compareSchema(label, oldContent.path(mediaType).path("schema"), newSchema, Direction.RESPONSE,
						new HashSet<>());
			}
		}
	}

	private void compareSchema(String where, JsonNode beforeSchema, JsonNode afterSchema, Direction direction,
			Set<String> seen) {
		JsonNode old = resolve(this.before, beforeSchema);
		JsonNode now = resolve(this.after, afterSchema);
		// Recursive schemas: each pair of references is compared once.
		if (!seen
			.add(beforeSchema.path("$ref").asString("") + "|" + afterSchema.path("$ref").asString("") + "|" + where)) {
			return;
		}
		Set<String> oldTypes = types(old);
		Set<String> newTypes = types(now);
		if (!oldTypes.isEmpty() && !oldTypes.equals(newTypes)
				&& !(direction == Direction.REQUEST && newTypes.containsAll(oldTypes))) {
			this.breaks.add(where + ": type changed from " + oldTypes + " to " + newTypes);
			return;
		}
		if (direction == Direction.REQUEST) {
			compareRequestConstraints(where, old, now);
		}
		for (String property : old.path("properties").propertyNames()) {
			JsonNode newProperty = now.path("properties").path(property);
			String label = where + "." + property;
			if (newProperty.isMissingNode()) {
				if (direction == Direction.RESPONSE || now.path("additionalProperties").isBoolean()
						&& !now.path("additionalProperties").asBoolean()) {
					this.breaks.add(label + ": property removed");
				}
				continue;
			}
			if (direction == Direction.RESPONSE && contains(old.path("required"), property)
					&& !contains(now.path("required"), property)) {
				this.breaks.add(label + ": no longer always present");
			}
			compareSchema(label, old.path("properties").path(property), newProperty, direction, seen);
		}
		if (direction == Direction.REQUEST) {
			for (JsonNode required : now.path("required")) {
				if (!contains(old.path("required"), required.asString())) {
					this.breaks.add(where + "." + required.asString() + ": newly required");
				}
			}
		}
		if (!old.path("items").isMissingNode() && !now.path("items").isMissingNode()) {
			compareSchema(where + "[]", old.path("items"), now.path("items"), direction, seen);
		}
	}

	// What a client may send must not shrink.
	private void compareRequestConstraints(String where, JsonNode old, JsonNode now) {
		narrower(where, "maxLength", old, now, true);
		narrower(where, "maxItems", old, now, true);
		narrower(where, "maximum", old, now, true);
		narrower(where, "exclusiveMaximum", old, now, true);
		narrower(where, "minLength", old, now, false);
		narrower(where, "minItems", old, now, false);
		narrower(where, "minimum", old, now, false);
		narrower(where, "exclusiveMinimum", old, now, false);
		if (now.has("pattern") && !now.path("pattern").equals(old.path("pattern"))) {
			this.breaks.add(where + ": pattern changed to " + now.path("pattern"));
		}
		if (now.has("enum")) {
			for (JsonNode value : old.path("enum")) {
				if (!contains(now.path("enum"), value.asString())) {
					this.breaks.add(where + ": value " + value + " no longer accepted");
				}
			}
			if (!old.has("enum")) {
				this.breaks.add(where + ": now limited to " + now.path("enum"));
			}
		}
	}

	private void narrower(String where, String keyword, JsonNode old, JsonNode now, boolean upperBound) {
		if (!now.has(keyword) || !now.path(keyword).isNumber()) {
			return;
		}
		if (!old.has(keyword)) {
			this.breaks.add(where + ": " + keyword + " " + now.path(keyword) + " added");
			return;
		}
		int comparison = now.path(keyword).decimalValue().compareTo(old.path(keyword).decimalValue());
		if (upperBound ? comparison < 0 : comparison > 0) {
			this.breaks
				.add(where + ": " + keyword + " narrowed from " + old.path(keyword) + " to " + now.path(keyword));
		}
	}

	private static JsonNode parameter(JsonNode operation, String in, String name) {
		for (JsonNode parameter : operation.path("parameters")) {
			if (parameter.path("in").asString().equals(in) && parameter.path("name").asString().equals(name)) {
				return parameter;
			}
		}
		return MissingNode.getInstance();
	}

	private static JsonNode resolve(JsonNode document, JsonNode schema) {
		JsonNode resolved = schema;
		for (int depth = 0; depth < 10 && resolved.has("$ref"); depth++) {
			resolved = document.at(resolved.path("$ref").asString().substring(1));
		}
		return resolved;
	}

	// 3.1 writes "type" as a string or an array ("null" for nullable).
	private static Set<String> types(JsonNode schema) {
		Set<String> types = new HashSet<>();
		JsonNode type = schema.path("type");
		if (type.isString()) {
			types.add(type.asString());
		}
		type.forEach((each) -> types.add(each.asString()));
		return types;
	}

	private static boolean contains(JsonNode array, String value) {
		for (JsonNode each : array) {
			if (each.asString().equals(value)) {
				return true;
			}
		}
		return false;
	}

	private enum Direction {

		/** Sent by the client: must accept at least what it accepted. */
		REQUEST,

		/** Read by the client: must still carry what it carried, with the same types. */
		RESPONSE

	}

}
