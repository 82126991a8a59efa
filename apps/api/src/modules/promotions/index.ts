/** What other domains (checkout, admin coupons) use of vendor promotions. */
export {
  countPromotionUse,
  findPromotionByCode,
  promotionAsCoupon,
  promotionDiscountLabel,
  releasePromotionUse,
} from './promotion.service';
