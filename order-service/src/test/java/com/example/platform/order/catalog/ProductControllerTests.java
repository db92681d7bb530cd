package com.example.platform.order.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.example.platform.security.Caller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;

@WebMvcTest(ProductController.class)
class ProductControllerTests {

	private static final String ADMIN_ID = "8a1f3c7e-2b4d-4e6f-9a0b-1c2d3e4f5a6b";

	private static final Caller ADMIN = new Caller(ADMIN_ID, Set.of(Caller.ADMIN));

	private static final RequestPostProcessor ADMIN_TOKEN = jwt()
		.jwt((token) -> token.subject(ADMIN_ID).claim("roles", List.of(Caller.ADMIN)));

	private static final ProductView MUG = new ProductView("MUG", "Coffee Mug", "Stoneware, 350 ml",
			new BigDecimal("7.50"));

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private Catalog catalog;

	@Test
	void listsTheCatalogWithoutAToken() {
		given(this.catalog.listProducts()).willReturn(new ProductList(List.of(MUG)));

		MvcTestResult result = this.mvc.get().uri("/api/products").exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyText().isEqualTo("""
				{"products":[{"sku":"MUG","name":"Coffee Mug","description":"Stoneware, 350 ml","price":7.50}]}""");
	}

	@Test
	void readsAProductWithoutAToken() {
		given(this.catalog.findProduct("MUG")).willReturn(MUG);

		MvcTestResult result = this.mvc.get().uri("/api/products/MUG").exchange();

		assertThat(result).hasStatusOk().bodyJson().extractingPath("$.price").isEqualTo(7.50);
	}

	@Test
	void answersNotFoundForAnUnknownSku() {
		given(this.catalog.findProduct("NOPE")).willThrow(new ProductNotFoundException("NOPE"));

		MvcTestResult result = this.mvc.get().uri("/api/products/NOPE").exchange();

		assertProblem(result, HttpStatus.NOT_FOUND);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Product NOPE does not exist");
	}

	@Test
	void rejectsASkuThatIsNoIdentifier() {
		MvcTestResult result = this.mvc.get().uri("/api/products/{sku}", "' OR 1=1 --").exchange();

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("sku");
		verifyNoInteractions(this.catalog);
	}

	@Test
	void refusesAPriceChangeWithoutAToken() {
		MvcTestResult result = changePrice(null, "{\"price\":12.50}");

		assertProblem(result, HttpStatus.UNAUTHORIZED);
		verifyNoInteractions(this.catalog);
	}

	@Test
	void passesTheCallerToThePriceChange() {
		given(this.catalog.changePrice(ADMIN, "MUG", new BigDecimal("12.50")))
			.willReturn(new ProductView("MUG", "Coffee Mug", "Stoneware, 350 ml", new BigDecimal("12.50")));

		MvcTestResult result = changePrice(ADMIN_TOKEN, "{\"price\":12.50}");

		assertThat(result).hasStatusOk();
		assertThat(result).bodyText().contains("\"price\":12.50");
	}

	@Test
	void answersForbiddenWhenTheCatalogRefusesTheCaller() {
		UUID user = UUID.randomUUID();
		given(this.catalog.changePrice(any(), any(), any())).willThrow(new PriceChangeForbiddenException());

		MvcTestResult result = changePrice(
				jwt().jwt((token) -> token.subject(user.toString()).claim("roles", List.of(Caller.USER))),
				"{\"price\":12.50}");

		assertProblem(result, HttpStatus.FORBIDDEN);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "{\"price\":0}", "{\"price\":-0.01}", "{\"price\":1.005}", "{\"price\":123456789.00}", "{}" })
	void rejectsAnInvalidPrice(String body) {
		MvcTestResult result = changePrice(ADMIN_TOKEN, body);

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("price");
		verifyNoInteractions(this.catalog);
	}

	@Test
	void rejectsUnknownFieldsInAPriceChange() {
		MvcTestResult result = changePrice(ADMIN_TOKEN, "{\"price\":12.50,\"name\":\"Free Mug\"}");

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Unknown field 'name'.");
		verifyNoInteractions(this.catalog);
	}

	private MvcTestResult changePrice(RequestPostProcessor token, String body) {
		var request = this.mvc.put()
			.uri("/api/products/MUG/price")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
		if (token != null) {
			request = request.with(token);
		}
		return request.exchange();
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().isNotBlank();
	}

}
