export default function Index() {
  return <main className="p-8">Loket</main>;
}
