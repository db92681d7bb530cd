package com.example.platform.web.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformOpenApiCustomizerTests {

	private final PlatformOpenApiCustomizer customizer = new PlatformOpenApiCustomizer(
			new PlatformApiProperties("Things", "", "2.1.0"), List.of("POST /api/things"), "thing-service");

	@Test
	void givesTheDocumentItsVersionAndTheProblemSchema() {
		OpenAPI document = customised();

		assertThat(document.getInfo().getVersion()).isEqualTo("2.1.0");
		assertThat(document.getComponents().getSchemas()).containsKeys("Problem", "FieldProblem");
		assertThat(document.getComponents().getSecuritySchemes().get("bearer-jwt").getBearerFormat()).isEqualTo("JWT");
	}

	@Test
	void securesEveryOperationButThePublicOnes() {
		OpenAPI document = customised();

		Operation open = document.getPaths().get("/api/things").getPost();
		Operation secured = document.getPaths().get("/api/things/{id}").getGet();
		assertThat(open.getSecurity()).isEmpty();
		assertThat(open.getResponses()).doesNotContainKey("401");
		assertThat(secured.getSecurity()).containsExactly(new SecurityRequirement().addList("bearer-jwt", List.of()));
		assertThat(secured.getResponses().get("401").getContent()).containsKey("application/problem+json");
	}

	@Test
	void listsTheErrorsAnOperationCanMeetWithProblemBodies() {
		OpenAPI document = customised();

		ApiResponses post = document.getPaths().get("/api/things").getPost().getResponses();
		assertThat(post).containsKeys("201", "400", "409", "413", "415", "422", "429", "500", "502", "503", "504");
		assertThat(post.get("409").getDescription()).startsWith("Duplicate name; or: ");
		assertThat(post.entrySet()).filteredOn((entry) -> entry.getKey().startsWith("4"))
			.allSatisfy((entry) -> assertThat(
					entry.getValue().getContent().get("application/problem+json").getSchema().get$ref())
				.isEqualTo("#/components/schemas/Problem"));
		assertThat(post.get("503").getHeaders()).containsKey("Retry-After");
		assertThat(post.get("201").getHeaders()).containsKeys("Idempotent-Replayed", "X-Consistency-Token",
				"X-RateLimit-Remaining");
	}

	@Test
	void documentsTheHeadersThatShowARequestsPath() {
		OpenAPI document = customised();
		ApiResponses get = document.getPaths().get("/api/things/{id}").getGet().getResponses();

		assertThat(get.get("200").getHeaders()).containsKeys("X-Served-By", "X-Gateway-Route", "X-Gateway-Retries",
				"X-Trace-Id", "X-Trace-Url", "X-Read-From", "X-Read-Consistency", "X-Cache");
		assertThat(get.get("200").getHeaders().get("X-Cache").get$ref()).isEqualTo("#/components/headers/X-Cache");
		assertThat(document.getComponents().getHeaders()).allSatisfy(
				(name, header) -> assertThat(header.getDescription()).contains("platform.diagnostic-headers.enabled"));
		assertThat(get.get("503").getHeaders()).containsKeys("X-Served-By", "X-Gateway-Route")
			.doesNotContainKeys("X-Read-From", "X-Cache");
	}

	@Test
	void documentsThePlatformsRequestHeaders() {
		OpenAPI document = customised();

		assertThat(document.getPaths().get("/api/things").getPost().getParameters()).extracting(Parameter::getName)
			.containsExactly("Consistency", "X-Consistency-Token", "Idempotency-Key");
		assertThat(document.getPaths().get("/api/things/{id}").getGet().getParameters()).extracting(Parameter::getName)
			.containsExactly("id", "Consistency", "X-Consistency-Token");
	}

	@Test
	void namesAdminPathsAsTheGatewayServesThemForTheAdministratorOnly() {
		OpenAPI document = customised();

		assertThat(document.getPaths()).containsKey("/api/admin/thing-service/reindex")
			.doesNotContainKey("/api/admin/reindex");
		assertThat(document.getPaths().get("/api/admin/thing-service/reindex").getPost().getSecurity())
			.containsExactly(new SecurityRequirement().addList("bearer-jwt", List.of("ADMIN")));
		assertThat(document.getPaths().get("/api/admin/thing-service/reindex").getPost().getResponses())
			.containsKeys("401", "403");
	}

	@Test
	void anchorsPatternsAsBeanValidationMatchesThem() {
		OpenAPI document = customised();

		Schema<?> newThing = document.getComponents().getSchemas().get("NewThing");
		assertThat(newThing.getProperties().get("name").getPattern()).isEqualTo("^(?:[a-z]+)$");
	}

	@Test
	void marksEveryPropertyOfAnAnswerAsAlwaysPresent() {
		OpenAPI document = customised();

		assertThat(document.getComponents().getSchemas().get("Thing").getRequired()).containsExactly("id", "name");
		assertThat(document.getComponents().getSchemas().get("NewThing").getRequired()).isNull();
	}

	private OpenAPI customised() {
		Schema<Object> newThing = new Schema<>();
		newThing.setProperties(new LinkedHashMap<>(Map.of("name", new Schema<>().pattern("[a-z]+"))));
		Schema<Object> thing = new Schema<>();
		thing.setProperties(new LinkedHashMap<>());
		thing.getProperties().put("id", new Schema<>());
		thing.getProperties().put("name", new Schema<>());
		OpenAPI document = new OpenAPI()
			.components(new Components().addSchemas("NewThing", newThing).addSchemas("Thing", thing))
			.paths(new Paths()
				.addPathItem("/api/things",
						new PathItem()
							.post(new Operation()
								.requestBody(new RequestBody()
									.content(new Content().addMediaType("application/json", media("NewThing"))))
								.responses(
										new ApiResponses()
											.addApiResponse("201",
													new ApiResponse().content(new Content()
														.addMediaType("application/json", media("Thing"))))
											.addApiResponse("409", new ApiResponse().description("Duplicate name")))))
				.addPathItem("/api/things/{id}",
						new PathItem().get(new Operation().addParametersItem(new Parameter().in("path").name("id"))
							.responses(new ApiResponses().addApiResponse("200", new ApiResponse()))))
				.addPathItem("/api/admin/reindex", new PathItem().post(new Operation())));
		this.customizer.customise(document);
		return document;
	}

	private static MediaType media(String schema) {
		return new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema));
	}

}
