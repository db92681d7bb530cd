package com.example.platform.web.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.util.AntPathMatcher;

/**
 * The parts of every service's OpenAPI document that come from the platform rather than
 * from a controller: the problem+json schema of every error, the bearer-JWT scheme and
 * who needs it, the errors any operation can meet on its way (validation, size limit,
 * authentication, rate limit, unavailable database, failure), and the platform's headers
 * (consistency, idempotency, rate limit, served-by). Controllers declare only what is
 * theirs: summaries, roles beyond "any signed-in caller", and their domain errors.
 */
class PlatformOpenApiCustomizer implements OpenApiCustomizer {

	static final String BEARER_JWT = "bearer-jwt";

	static final String PROBLEM = "Problem";

	static final String FIELD_PROBLEM = "FieldProblem";

	static final String PROBLEM_JSON = "application/problem+json";

	private static final String ADMIN_PATHS = "/api/admin/**";

	private static final String ADMIN_PREFIX = "/api/admin/";

	private static final String OFF_IN_PRODUCTION = "; not sent when platform.diagnostic-headers.enabled is false, "
			+ "as in production";

	// The headers that show a request's path (the shop's request inspector reads them);
	// the first PATH_HEADERS_ON_ERRORS also come with errors, the rest only with answers
	// that read or looked in a cache. None in production
	// (platform.diagnostic-headers.enabled=false).
	private static final List<String> PATH_HEADERS = List.of("X-Served-By", "X-Gateway-Route", "X-Gateway-Retries",
			"X-Trace-Id", "X-Trace-Url", "X-Read-From", "X-Read-Consistency", "X-Cache");

	private static final int PATH_HEADERS_ON_ERRORS = 5;

	private static final String HEADERS = "#/components/headers/";

	private static final AntPathMatcher paths = new AntPathMatcher();

	private final PlatformApiProperties api;

	private final List<PublicOperation> publicOperations;

	private final String applicationName;

	/**
	 * A customizer for one service.
	 * @param api the document's title, description and version
	 * @param publicPaths {@code METHOD /pattern} entries reachable without a token (the
	 * service's {@code platform.security.public-paths})
	 * @param applicationName the service's name, which prefixes its admin paths at the
	 * gateway
	 */
	PlatformOpenApiCustomizer(PlatformApiProperties api, List<String> publicPaths, String applicationName) {
		this.api = api;
		this.publicOperations = publicPaths.stream().map(PublicOperation::parse).toList();
		this.applicationName = applicationName;
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.info(new Info().title(this.api.title())
			.description(this.api.description().isBlank() ? null : this.api.description())
			.version(this.api.version()));
		// Relative: the document is read through the gateway as well as from an instance.
		openApi.servers(null);
		Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
		openApi.components(components);
		components.addSecuritySchemes(BEARER_JWT,
				new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("A token from POST /api/auth/token, valid for 15 minutes. The role names listed "
							+ "in an operation's requirement are the roles (claim 'roles') it needs; none listed: any "
							+ "signed-in caller (USER or ADMIN)."));
		components.addSchemas(FIELD_PROBLEM,
				object("One invalid field of a request.",
						Map.of("field", string("The field's path in the request, e.g. items[0].quantity"), "message",
								string("What is wrong with it")),
						List.of("field", "message")));
		components
			.addSchemas(PROBLEM, object(
					"An error (RFC 9457): what went wrong, in words a client can act on.", Map
						.of("type", string("A URI reference naming the problem type").format("uri-reference"), "title",
								string("A short summary of the problem type"), "status", integer("The HTTP status"),
								"detail", string("What went wrong in this occurrence"), "instance",
								string("The request's path").format("uri-reference"), "errors",
								array("Each invalid field (validation errors only)",
										new Schema<>().$ref("#/components/schemas/" + FIELD_PROBLEM))),
					List.of("status")));
		pathHeaders().forEach(components::addHeaders);
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.forEach((method, operation) -> customise(path, method, operation)));
		gatewayAdminPaths(openApi);
		Schemas.anchorPatterns(components);
		Schemas.requireResponseProperties(openApi);
	}

	// The document describes the API where clients meet it, the gateway, which serves
	// each service's /api/admin/x as /api/admin/{service}/x.
	private void gatewayAdminPaths(OpenAPI openApi) {
		Paths renamed = new Paths();
		openApi.getPaths().forEach((path, item) -> {
			if (path.startsWith(ADMIN_PREFIX)) {
				item.setDescription("At an instance itself: " + path);
				renamed.addPathItem(ADMIN_PREFIX + this.applicationName + "/" + path.substring(ADMIN_PREFIX.length()),
						item);
			}
			else {
				renamed.addPathItem(path, item);
			}
		});
		openApi.paths(renamed);
	}

	private void customise(String path, HttpMethod method, Operation operation) {
		boolean secured = this.publicOperations.stream().noneMatch((open) -> open.matches(method, path));
		boolean write = method != HttpMethod.GET && method != HttpMethod.HEAD;
		if (secured && operation.getSecurity() == null) {
			List<String> roles = paths.match(ADMIN_PATHS, path) ? List.of("ADMIN") : List.of();
			operation.addSecurityItem(new SecurityRequirement().addList(BEARER_JWT, roles));
		}
		if (!secured) {
			operation.security(List.of());
		}
		addRequestHeaders(method, operation);
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.responses(responses);
		// The controller's own errors: their bodies are problems too.
		List.copyOf(responses.entrySet())
			.stream()
			.filter((entry) -> entry.getKey().length() == 3 && entry.getKey().charAt(0) >= '4')
			.forEach((entry) -> error(responses, entry.getKey(), entry.getValue().getDescription()));
		boolean hasInput = operation.getRequestBody() != null
				|| (operation.getParameters() != null && !operation.getParameters().isEmpty());
		if (hasInput) {
			error(responses, "400", "Invalid input: the problem names each bad field under 'errors'");
		}
		if (operation.getRequestBody() != null) {
			error(responses, "413", "The request body is larger than the service accepts");
			error(responses, "415", "The request body is not of a supported content type");
		}
		boolean needsRole = operation.getSecurity() != null && operation.getSecurity()
			.stream()
			.anyMatch((requirement) -> requirement.values().stream().anyMatch((roles) -> !roles.isEmpty()));
		if (needsRole) {
			error(responses, "403", "The caller lacks the role the operation needs");
		}
		if (secured) {
			error(responses, "401", "No token, or an invalid or expired one").addHeaderObject("WWW-Authenticate",
					header("Bearer, with the reason when a token was refused", false));
		}
		if (method == HttpMethod.POST) {
			error(responses, "409", "A request with the same Idempotency-Key is still being processed")
				.addHeaderObject("Retry-After", retryAfter());
			error(responses, "422", "The Idempotency-Key was used before with another request");
		}
		error(responses, "429", "Too many requests (the gateway's rate limit); retry after Retry-After")
			.addHeaderObject("Retry-After", retryAfter());
		error(responses, "500", "The service failed; the failure is logged");
		error(responses, "502", "The gateway could not reach an instance of the service");
		error(responses, "504", "The service did not answer in time (the gateway's response timeout)");
		error(responses, "503",
				"Unavailable for now (the database, a dependency, or the gateway's circuit breaker is open); "
						+ "retry after Retry-After")
			.addHeaderObject("Retry-After", retryAfter());
		responses.forEach((status, response) -> addResponseHeaders(method, write, status, response));
	}

	private static void addRequestHeaders(HttpMethod method, Operation operation) {
		operation.addParametersItem(new Parameter().in("header")
			.name("Consistency")
			.description("How fresh the data read must be: 'strong' reads from the primary; "
					+ "'eventual' from any healthy replica, ignoring X-Consistency-Token")
			.required(false)
			.schema(string(null).types(Set.of("string"))._enum(List.of("strong", "eventual"))));
		operation.addParametersItem(new Parameter().in("header")
			.name("X-Consistency-Token")
			.description("The token of an earlier write's answer: the read sees that write "
					+ "(read-your-writes), from a replica that has replayed it or else the primary")
			.required(false)
			.schema(string(null)));
		if (method == HttpMethod.POST) {
			operation.addParametersItem(new Parameter().in("header")
				.name("Idempotency-Key")
				.description("Makes a retried POST take effect once: a repeat with the same body gets the "
						+ "first answer again (Idempotent-Replayed: true). The gateway retries a POST only with it.")
				.required(false)
				.schema(string(null).minLength(1).maxLength(255).pattern("^[\\x21-\\x7E]+$")));
		}
	}

	private static void addResponseHeaders(HttpMethod method, boolean write, String status, ApiResponse response) {
		boolean success = status.startsWith("2");
		// The request's path through the platform, defined once under components.
		List<String> path = success ? PATH_HEADERS : PATH_HEADERS.subList(0, PATH_HEADERS_ON_ERRORS);
		path.forEach((name) -> response.addHeaderObject(name, new Header().$ref(HEADERS + name)));
		response.addHeaderObject("X-RateLimit-Remaining",
				header("Requests left in the caller's bucket (through the gateway)", true));
		response.addHeaderObject("X-RateLimit-Replenish-Rate",
				header("Requests per second the bucket refills (through the gateway)", true));
		response.addHeaderObject("X-RateLimit-Burst-Capacity", header("The bucket's size (through the gateway)", true));
		if (success && write) {
			response.addHeaderObject("X-Consistency-Token",
					header("Send it with later reads to see this write (read-your-writes)", false));
		}
		if (success && method == HttpMethod.POST) {
			response.addHeaderObject("Idempotent-Replayed",
					new Header().description(
							"'true' when this is the stored answer to an earlier request with the same Idempotency-Key")
						.schema(string(null)._enum(List.of("true"))));
		}
	}

	private static Map<String, Header> pathHeaders() {
		Map<String, Header> headers = new LinkedHashMap<>();
		headers.put("X-Served-By", header("The instance that answered" + OFF_IN_PRODUCTION, false));
		headers.put("X-Gateway-Route",
				header("The gateway route that matched (through the gateway)" + OFF_IN_PRODUCTION, false));
		headers.put("X-Gateway-Retries",
				header("How often the gateway retried the request on another instance (through the gateway)"
						+ OFF_IN_PRODUCTION, true));
		headers.put("X-Trace-Id", header("The request's trace id (through the gateway)" + OFF_IN_PRODUCTION, false));
		headers.put("X-Trace-Url",
				header("The trace UI's page of the request's trace, when one is configured and the trace was sampled "
						+ "(through the gateway)" + OFF_IN_PRODUCTION, false));
		headers.put("X-Read-From",
				header("Where the request's last read-only transaction read: 'primary' or a replica's name "
						+ "(replica-1, ...); absent when it read nothing" + OFF_IN_PRODUCTION, false));
		headers.put("X-Read-Consistency",
				new Header()
					.description("The consistency that read was routed for, with X-Read-From" + OFF_IN_PRODUCTION)
					.schema(string(null)._enum(List.of("eventual", "read-your-writes", "strong"))));
		headers.put("X-Cache",
				header("Each cache lookup of the request, 'cache=hit', 'cache=miss' (loaded from the database) or "
						+ "'cache=skip' (a strong read); absent when it looked in no cache" + OFF_IN_PRODUCTION,
						false));
		return headers;
	}

	// Adds the error unless the controller declared it, and gives it the problem body.
	private static ApiResponse error(ApiResponses responses, String status, String description) {
		ApiResponse response = responses.get(status);
		if (response == null) {
			response = new ApiResponse().description(description);
			responses.addApiResponse(status, response);
		}
		else if (response.getDescription() == null || response.getDescription().isBlank()) {
			response.description(description);
		}
		else if (!response.getDescription().contains(description)) {
			response.description(response.getDescription() + "; or: " + description);
		}
		response.content(new Content().addMediaType(PROBLEM_JSON,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
		return response;
	}

	private static Header retryAfter() {
		return new Header().description("Seconds to wait before retrying").schema(integer(null).minimum(null));
	}

	private static Header header(String description, boolean numeric) {
		return new Header().description(description).schema(numeric ? integer(null) : string(null));
	}

	private static Schema<Object> object(String description, Map<String, Schema<?>> properties, List<String> required) {
		Schema<Object> schema = typed("object", description);
		schema.properties(new LinkedHashMap<>(properties));
		schema.required(new ArrayList<>(required));
		return schema;
	}

	private static Schema<Object> array(String description, Schema<?> items) {
		return typed("array", description).items(items);
	}

	private static Schema<Object> string(String description) {
		return typed("string", description);
	}

	private static Schema<Object> integer(String description) {
		return typed("integer", description);
	}

	// OpenAPI 3.1 writes 'types'; 'type' alone would vanish from a 3.1 document.
	private static Schema<Object> typed(String type, String description) {
		Schema<Object> schema = new Schema<>();
		schema.specVersion(SpecVersion.V31);
		schema.type(type);
		schema.types(Set.of(type));
		schema.description(description);
		return schema;
	}

	private record PublicOperation(String method, String pattern) {

		static PublicOperation parse(String entry) {
			String[] parts = entry.strip().split("\\s+", 2);
			return new PublicOperation(parts[0], (parts.length > 1) ? parts[1] : "");
		}

		boolean matches(HttpMethod method, String path) {
			return this.method.equalsIgnoreCase(method.name()) && paths.match(this.pattern, path);
		}

	}

}
