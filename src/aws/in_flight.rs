//! Reads that the callers of one account and region share while one is in flight.
//!
//! Several stacks verified at once each list the same account's functions, mappings and
//! queues at the same moment: the same answers, asked three times, against the
//! 15-a-second Lambda control-plane quota they share. Here the first caller's read is
//! the read of everyone who asks while it is still under way, and a caller who asks
//! after it ended starts a new one. So no caller ever gets an answer that was complete
//! before it asked (a re-read after a wait or a write is a new read), and concurrent
//! callers get what each would have got alone, one request apart.
//!
//! A read runs in its own task, so a caller that stops waiting (a target cancelled)
//! does not end the others' read. Only read-only runs share (several targets' `verify`,
//! `functions`, …); one stack's run, and any run that writes, reads for itself.

use std::any::Any;
use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::watch;

#[derive(Default)]
pub struct InFlight {
    /// Per kind of read, the receiving end of its latest read: a
    /// `watch::Receiver<Option<T>>` for a single answer, of `Pages<P>` for a paged one.
    reads: Mutex<HashMap<&'static str, Box<dyn Any + Send + Sync>>>,
}

impl std::fmt::Debug for InFlight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InFlight").finish_non_exhaustive()
    }
}

/// A paged read as far as it has come.
#[derive(Debug)]
pub struct Pages<P> {
    pages: Vec<P>,
    ended: bool,
}

/// Where the leader of a paged read puts each page as it arrives.
pub struct PageSender<P>(watch::Sender<Pages<P>>);

impl<P> PageSender<P> {
    pub fn push(&self, page: P) {
        self.0.send_modify(|read| read.pages.push(page));
    }
}

impl<P> Drop for PageSender<P> {
    fn drop(&mut self) {
        self.0.send_modify(|read| read.ended = true);
    }
}

/// One caller's way through a shared paged read, from its first page.
pub struct PageReceiver<P> {
    read: watch::Receiver<Pages<P>>,
    next: usize,
}

impl<P: Clone> PageReceiver<P> {
    /// The next page; `None` once the leader has put its last.
    pub async fn next(&mut self) -> Option<P> {
        let next = self.next;
        let read = self
            .read
            .wait_for(|read| read.pages.len() > next || read.ended)
            .await
            .ok()?;
        let page = read.pages.get(next).cloned()?;
        self.next += 1;
        Some(page)
    }
}

impl InFlight {
    /// `read()`'s answer: the one in flight under `kind` when there is one, else a new
    /// read's, which later callers may share until it ends.
    pub async fn read<T, F>(&self, kind: &'static str, read: impl Fn() -> F) -> T
    where
        T: Clone + Send + Sync + 'static,
        F: Future<Output = T> + Send + 'static,
    {
        let mut answer = {
            let mut reads = self.reads.lock().unwrap_or_else(|e| e.into_inner());
            let current = reads
                .get(kind)
                .and_then(|r| r.downcast_ref::<watch::Receiver<Option<T>>>())
                .filter(|r| r.borrow().is_none() && r.has_changed().is_ok())
                .cloned();
            current.unwrap_or_else(|| {
                let (sender, receiver) = watch::channel(None);
                let started = read();
                tokio::spawn(async move {
                    let _ = sender.send(Some(started.await));
                });
                reads.insert(kind, Box::new(receiver.clone()));
                receiver
            })
        };
        match answer.wait_for(Option::is_some).await {
            Ok(shared) => shared.clone().expect("waited for an answer"),
            // The read's task ended without an answer (it panicked): read alone.
            Err(_) => read().await,
        }
    }

    /// A paged read's pages: those of the one in flight under `kind` (from its first
    /// page) when there is one, else of a new one that `lead` runs, putting each page
    /// into the sender as it arrives.
    pub fn pages<P, F>(
        &self,
        kind: &'static str,
        lead: impl FnOnce(PageSender<P>) -> F,
    ) -> PageReceiver<P>
    where
        P: Send + Sync + 'static,
        F: Future<Output = ()> + Send + 'static,
    {
        let mut reads = self.reads.lock().unwrap_or_else(|e| e.into_inner());
        let current = reads
            .get(kind)
            .and_then(|r| r.downcast_ref::<watch::Receiver<Pages<P>>>())
            .filter(|r| !r.borrow().ended)
            .cloned();
        let read = current.unwrap_or_else(|| {
            let (sender, receiver) = watch::channel(Pages {
                pages: Vec::new(),
                ended: false,
            });
            tokio::spawn(lead(PageSender(sender)));
            reads.insert(kind, Box::new(receiver.clone()));
            receiver
        });
        PageReceiver { read, next: 0 }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    fn counted(
        reads: &Arc<AtomicUsize>,
    ) -> impl Fn() -> std::pin::Pin<Box<dyn Future<Output = usize> + Send>> {
        let reads = Arc::clone(reads);
        move || {
            let reads = Arc::clone(&reads);
            Box::pin(async move {
                tokio::time::sleep(Duration::from_millis(50)).await;
                reads.fetch_add(1, Ordering::SeqCst) + 1
            })
        }
    }

    #[tokio::test]
    async fn callers_at_the_same_time_share_one_read() {
        let in_flight = InFlight::default();
        let reads = Arc::new(AtomicUsize::new(0));
        let (a, b, c) = tokio::join!(
            in_flight.read("k", counted(&reads)),
            in_flight.read("k", counted(&reads)),
            in_flight.read("k", counted(&reads)),
        );
        assert_eq!((a, b, c), (1, 1, 1));
        assert_eq!(reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_caller_after_the_read_ended_reads_again() {
        let in_flight = InFlight::default();
        let reads = Arc::new(AtomicUsize::new(0));
        assert_eq!(in_flight.read("k", counted(&reads)).await, 1);
        assert_eq!(in_flight.read("k", counted(&reads)).await, 2);
        // Another kind is another read.
        assert_eq!(in_flight.read("other", counted(&reads)).await, 3);
    }

    #[tokio::test]
    async fn a_caller_who_stops_waiting_does_not_end_the_read_of_the_others() {
        let in_flight = InFlight::default();
        let reads = Arc::new(AtomicUsize::new(0));
        let first = in_flight.read("k", counted(&reads));
        let gave_up = tokio::time::timeout(Duration::from_millis(5), first).await;
        assert!(gave_up.is_err());
        assert_eq!(in_flight.read("k", counted(&reads)).await, 1);
        assert_eq!(reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_paged_read_is_shared_from_its_first_page_until_it_ends() {
        let in_flight = InFlight::default();
        let leads = Arc::new(AtomicUsize::new(0));
        let lead = |leads: Arc<AtomicUsize>| {
            move |pages: PageSender<u32>| async move {
                leads.fetch_add(1, Ordering::SeqCst);
                for page in 1..=3 {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    pages.push(page);
                }
            }
        };
        let mut first = in_flight.pages("p", lead(Arc::clone(&leads)));
        assert_eq!(first.next().await, Some(1));
        // Joins after the first page: still gets every page.
        let mut second = in_flight.pages("p", lead(Arc::clone(&leads)));
        let mut got = Vec::new();
        while let Some(page) = second.next().await {
            got.push(page);
        }
        assert_eq!(got, [1, 2, 3]);
        assert_eq!((first.next().await, first.next().await), (Some(2), Some(3)));
        assert_eq!(first.next().await, None);
        assert_eq!(leads.load(Ordering::SeqCst), 1);
        // Ended: the next caller reads anew.
        let mut third = in_flight.pages("p", lead(Arc::clone(&leads)));
        assert_eq!(third.next().await, Some(1));
        assert_eq!(leads.load(Ordering::SeqCst), 2);
    }
}
