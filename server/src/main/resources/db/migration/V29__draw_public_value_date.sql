-- The day the public random value was produced (the lottery's draw date): it must not be before the
-- day the seed's commitment was published, or the value was known when the draw was prepared.
ALTER TABLE sortition_draw ADD COLUMN public_value_on date;
