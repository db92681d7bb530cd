package com.example.platform.order.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.example.platform.cache.VersionedCache;
import com.example.platform.cache.VersionedCacheManager;
import com.example.platform.datasource.ReadConsistency;
import com.example.platform.security.Caller;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The product catalog, read far more often than it changes: browsing reads from a replica
 * through the versioned cache, while pricing an order reads the primary, so an order is
 * always priced at the current price. A price change evicts what the cache holds of it
 * once it has committed.
 */
@Service
public class Catalog {

	static final String PRODUCTS_CACHE = "products";

	static final String PRODUCT_LIST_CACHE = "product-list";

	// The whole catalog is one entry: small, and read as a whole by every shop visit.
	private static final String ALL = "all";

	private final ProductRepository products;

	private final VersionedCache<ProductView> productCache;

	private final VersionedCache<ProductList> listCache;

	Catalog(ProductRepository products, VersionedCacheManager caches) {
		this.products = products;
		this.productCache = caches.cache(PRODUCTS_CACHE, ProductView.class);
		this.listCache = caches.cache(PRODUCT_LIST_CACHE, ProductList.class);
	}

	// Read-only: served by a replica, and from the cache unless the request's consistency
	// (its token, or "strong") asks for something newer than the entry.
	@Transactional(readOnly = true)
	ProductList listProducts() {
		return this.listCache.get(ALL,
				() -> new ProductList(this.products.findAllByOrderBySkuAsc().stream().map(ProductView::of).toList()),
				ReadConsistency.minimumPosition());
	}

	@Transactional(readOnly = true)
	ProductView findProduct(String sku) {
		ProductView product = this.productCache.get(sku,
				() -> this.products.findById(sku).map(ProductView::of).orElse(null), ReadConsistency.minimumPosition());
		if (product == null) {
			throw new ProductNotFoundException(sku);
		}
		return product;
	}

	@Transactional
	ProductView changePrice(Caller caller, String sku, BigDecimal price) {
		if (!caller.isAdmin()) {
			throw new PriceChangeForbiddenException();
		}
		Product product = this.products.findById(sku).orElseThrow(() -> new ProductNotFoundException(sku));
		product.changePrice(price, Instant.now());
		Product changed = this.products.save(product);
		// After commit, with a tombstone at the commit's position: a reader that loaded
		// the old price from a lagging replica cannot put it back.
		this.productCache.evict(sku);
		this.listCache.evict(ALL);
		return ProductView.of(changed);
	}

	/**
	 * The current price of each SKU, for pricing an order. Runs in the caller's
	 * transaction (a new read-write one without), so it reads the primary and never the
	 * cache or a replica: a price changed a moment ago applies at once.
	 * @param skus the SKUs an order names, repetitions allowed
	 * @return the price of each distinct SKU
	 * @throws UnknownProductsException naming every SKU the catalog does not have (422)
	 */
	@Transactional
	public Map<String, BigDecimal> pricesOf(Collection<String> skus) {
		Set<String> wanted = new LinkedHashSet<>(skus);
		Map<String, BigDecimal> prices = this.products.findAllById(wanted)
			.stream()
			.collect(Collectors.toMap(Product::getSku, Product::getPrice));
		List<String> unknown = wanted.stream().filter((sku) -> !prices.containsKey(sku)).toList();
		if (!unknown.isEmpty()) {
			throw new UnknownProductsException(unknown);
		}
		return prices;
	}

}
