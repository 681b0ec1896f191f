package org.xieshang.sortition;

import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.time.ChinaTime;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * When a draw's public random value may come from: produced on or after the day its commitment was
 * published (Beijing time), and not after today. A value from before the commitment was known when the
 * draw was prepared, so whoever prepared it could have chosen the seed to suit it; anyone checking the
 * draw could no longer trust it. A value of the same day is accepted: the day's lottery is drawn in
 * the evening, and the commitment's time is public for anyone to compare.
 */
final class PublicValueDate {
  private PublicValueDate() {}

  static Optional<DomainError> refusal(LocalDate producedOn, Instant committedAt, LocalDate today) {
    LocalDate committedOn = committedAt.atZone(ChinaTime.ZONE).toLocalDate();
    if (producedOn.isBefore(committedOn)) {
      return Optional.of(DomainError.invalid("publicValueOn", "公开随机数须在承诺公布（" + committedOn
          + "）当天或之后产生；更早的数值在准备抽选时已经可知，无法证明抽签公正"));
    }
    if (producedOn.isAfter(today)) {
      return Optional.of(DomainError.invalid("publicValueOn", "开奖日期不能晚于今天（" + today + "）"));
    }
    return Optional.empty();
  }
}
