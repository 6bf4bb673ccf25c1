package io.llmrelay.ingest.reply;

import java.time.Clock;

import io.llmrelay.ingest.IngestProperties;
import io.llmrelay.ingest.RelayKafkaProperties;
import io.llmrelay.ingest.kafka.KafkaClientConfig;
import io.llmrelay.ingest.kafka.RequestPublisher;
import io.llmrelay.schemas.topic.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReplyConfiguration {

    @Bean
    PendingReplies pendingReplies() {
        return new PendingReplies();
    }

    @Bean
    ReplyListener replyListener(RelayKafkaProperties kafka, IngestProperties ingest, PendingReplies pending) {
        return new ReplyListener(
                KafkaClientConfig.standaloneConsumer(kafka, "request-ingest-replies-" + ingest.instanceId()),
                Topics.RESULTS.withPrefix(kafka.topicPrefix()), ingest.replyPartition(), kafka.operationTimeout(),
                pending);
    }

    @Bean
    RequestReply requestReply(RequestPublisher publisher, PendingReplies pending, Clock clock) {
        return new RequestReply(publisher, pending, clock);
    }
}
