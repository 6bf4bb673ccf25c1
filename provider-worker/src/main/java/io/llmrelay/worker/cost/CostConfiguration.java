package io.llmrelay.worker.cost;

import io.llmrelay.worker.WorkerSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class CostConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CostConfiguration.class);

    /** The configured price file replaces the shipped one entirely; the two are not merged. */
    @Bean
    Pricing pricing(WorkerSettings settings, JsonMapper json) {
        PriceFile file = new PriceFile(json);
        PriceTable table = settings.priceFile() == null ? file.loadShipped() : file.load(settings.priceFile());
        log.info("loaded {} model prices from {}", table.size(),
                settings.priceFile() == null ? "classpath:" + PriceFile.SHIPPED : settings.priceFile());
        return new Pricing(table);
    }

    @Bean
    ModelLabels modelLabels(Pricing pricing) {
        return pricing.modelLabels();
    }

    /** Read from the counts Pricing keeps anyway; all models together, as an unpriced model is by nature "other". */
    @Bean
    MeterBinder unpricedUsageMetrics(Pricing pricing) {
        return registry -> FunctionCounter.builder("relay.worker.usage.unpriced", pricing, Pricing::unpricedCount)
                .description("Provider attempts of a model without a price: recorded with priced=false and cost 0")
                .register(registry);
    }
}
