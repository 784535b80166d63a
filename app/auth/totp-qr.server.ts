import QRCode from "qrcode";

/** The otpauth:// URI as an inline SVG (no script, no external image: fits the CSP). */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", margin: 1, width: 192, errorCorrectionLevel: "M" });
}
